/** One version with everything its page shows: metrics, lineage, evaluations, activation history. */
import type { Actor } from "../auth/actor";
import { datasetNamesFor } from "../datasets/access";
import { db } from "../db/client";
import { findModelOr404, requireModelManager } from "./access";
import { asEvalMetrics } from "./headline";
import { servedJudgeConfig, servedJudgeDefaults } from "../../genrm/backends/openai/served-config";

/** A served version's settings as its page shows them: no secret, only whether one is stored. */
function servingOf(backend: string, config: unknown, hasApiKey: boolean) {
  if (backend !== "openai") return null;
  const parsed = servedJudgeConfig.safeParse(config);
  if (!parsed.success) return null;
  const c = parsed.data;
  const d = servedJudgeDefaults(c);
  const probe = (config as { probe?: { checkedAt?: string; judgementsMs?: number[] } }).probe ?? null;
  return {
    baseUrls: c.baseUrls,
    model: c.model,
    api: c.api,
    mode: c.mode,
    topLogprobs: c.mode === "logprobs" ? d.topLogprobs : null,
    samples: c.mode === "reasoning" ? d.samples : null,
    hasApiKey,
    checkedAt: probe?.checkedAt ?? null,
    judgementsMs: probe?.judgementsMs ?? [],
  };
}

export async function getModel(actor: Actor | null, ref: string) {
  const user = requireModelManager(actor);
  const found = await findModelOr404(ref);
  const model = await db().genrmModel.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      parent: { select: { id: true, version: true, name: true } },
      children: { select: { id: true, version: true, status: true }, orderBy: { version: "asc" } },
      trainingRun: { include: { createdBy: { select: { email: true } } } },
      evaluations: { orderBy: { createdAt: "desc" }, take: 10 },
    },
  });
  const run = model.trainingRun;
  const [datasets, snapshots, heldOut, activations] = await Promise.all([
    run ? datasetNamesFor(user, run.datasetIds) : [],
    run?.snapshotIds.length ? db().datasetSnapshot.findMany({ where: { id: { in: run.snapshotIds } }, select: { id: true, datasetId: true, contentHash: true, labelCount: true } }) : [],
    run ? db().trainingRunLabel.count({ where: { trainingRunId: run.id, heldOut: true } }) : 0,
    db().modelActivation.findMany({
      where: { OR: [{ modelId: model.id }, { previousModelId: model.id }] },
      orderBy: { createdAt: "desc" },
      take: 20,
      include: { model: { select: { version: true } }, previousModel: { select: { version: true } }, actor: { select: { email: true } } },
    }),
  ]);
  return {
    model: {
      id: model.id,
      version: model.version,
      name: model.name,
      status: model.status,
      kind: model.kind,
      backend: model.backend,
      artifactUri: model.artifactUri,
      templateVersion: model.templateVersion,
      createdAt: model.createdAt,
      promotedAt: model.promotedAt,
      retiredAt: model.retiredAt,
      trainMetrics: (model.trainMetrics ?? null) as Record<string, unknown> | null,
      evalMetrics: asEvalMetrics(model.evalMetrics),
    },
    serving: servingOf(model.backend, model.config, model.apiKeyEncrypted !== null),
    parent: model.parent,
    children: model.children,
    lineage: run
      ? {
          trainingRunId: run.id,
          purpose: run.purpose,
          params: run.params as Record<string, unknown>,
          datasets,
          /** The dataset snapshots the run trained on (runs from before snapshots have none). */
          snapshots,
          labelCount: run.labelCount,
          heldOutLabels: heldOut,
          trainLabels: run.labelCount - heldOut,
          createdBy: run.createdBy?.email ?? null,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
        }
      : null,
    evaluations: model.evaluations.map((e) => ({ id: e.id, status: e.status, error: e.error, createdAt: e.createdAt, finishedAt: e.finishedAt, accuracy: asEvalMetrics(e.metrics)?.accuracy ?? null })),
    activations: activations.map((a) => ({
      id: a.id,
      action: a.action,
      version: a.model.version,
      previousVersion: a.previousModel?.version ?? null,
      actor: a.actor?.email ?? null,
      reason: a.reason,
      createdAt: a.createdAt,
    })),
  };
}

export type ModelDetail = Awaited<ReturnType<typeof getModel>>;
