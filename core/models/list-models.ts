/** The registry overview: every version with its status and headline numbers, plus unfinished runs. */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { requireModelManager } from "./access";
import { rollbackTargetVersion } from "./activate-model";
import { headline, type Headline } from "./headline";

export interface ModelRow extends Headline {
  id: string;
  version: number;
  name: string;
  status: string;
  kind: string;
  backend: string;
  templateVersion: string;
  createdAt: Date;
  promotedAt: Date | null;
  parentVersion: number | null;
  trainingRunId: string | null;
  labelCount: number | null;
}

export interface RunRow {
  id: string;
  kind: string;
  purpose: string;
  status: string;
  progress: number;
  error: string | null;
  createdAt: Date;
  modelVersion: number | null;
}

export async function listModels(actor: Actor | null) {
  requireModelManager(actor);
  const rows = await db().genrmModel.findMany({
    orderBy: { version: "desc" },
    include: { parent: { select: { version: true } }, trainingRun: { select: { id: true, labelCount: true } } },
  });
  const models: ModelRow[] = rows.map((m) => ({
    id: m.id,
    version: m.version,
    name: m.name,
    status: m.status,
    kind: m.kind,
    backend: m.backend,
    templateVersion: m.templateVersion,
    createdAt: m.createdAt,
    promotedAt: m.promotedAt,
    parentVersion: m.parent?.version ?? null,
    trainingRunId: m.trainingRun?.id ?? null,
    labelCount: m.trainingRun?.labelCount ?? null,
    ...headline(m.evalMetrics),
  }));
  const runs = await listTrainingRuns(actor, 15);
  const active = models.find((m) => m.status === "active") ?? null;
  const rollbackTo = active ? await rollbackTargetVersion() : null;
  return { models, runs, active, canRollback: rollbackTo !== null, rollbackTo };
}

export async function listTrainingRuns(actor: Actor | null, take = 50): Promise<RunRow[]> {
  requireModelManager(actor);
  const runs = await db().trainingRun.findMany({ orderBy: { createdAt: "desc" }, take, include: { model: { select: { version: true } } } });
  return runs.map((r) => ({ id: r.id, kind: r.kind, purpose: r.purpose, status: r.status, progress: r.progress, error: r.error, createdAt: r.createdAt, modelVersion: r.model?.version ?? null }));
}
