/** One training run for its page: status, live progress and loss curve, logs, lineage summary. */
import type { Actor } from "../auth/actor";
import { datasetNamesFor } from "../datasets/access";
import { db } from "../db/client";
import { notFound } from "../errors";
import { requireModelManager } from "./access";
import type { ProgressData } from "./progress-data";

export async function getTrainingRun(actor: Actor | null, id: string) {
  const user = requireModelManager(actor);
  const run = await db().trainingRun.findUnique({
    where: { id: String(id ?? "") },
    include: { model: { select: { id: true, version: true, status: true } }, parentModel: { select: { version: true } }, createdBy: { select: { email: true } } },
  });
  if (!run) throw notFound("Training run");
  const datasets = await datasetNamesFor(user, run.datasetIds);
  return {
    id: run.id,
    kind: run.kind,
    purpose: run.purpose,
    status: run.status,
    progress: run.progress,
    progressData: (run.progressData ?? {}) as ProgressData,
    params: run.params as Record<string, unknown>,
    logs: run.logs,
    metrics: (run.metrics ?? null) as Record<string, unknown> | null,
    error: run.error,
    labelCount: run.labelCount,
    datasets,
    model: run.model,
    parentVersion: run.parentModel?.version ?? null,
    createdBy: run.createdBy?.email ?? null,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

export type TrainingRunDetail = Awaited<ReturnType<typeof getTrainingRun>>;
