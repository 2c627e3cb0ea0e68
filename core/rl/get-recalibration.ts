/** One recalibration for its page: status, the training run's progress, and the deciding numbers. */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { notFound } from "../errors";
import type { RecalibrationOutcome } from "./recalibration/outcome";
import { loadRunForReader } from "./run-access";

export async function getRecalibration(actor: Actor | null, runId: string, recalibrationId: string) {
  const run = await loadRunForReader(actor, runId);
  const r = await db().recalibration.findFirst({
    where: { id: recalibrationId, runId: run.id },
    include: {
      alert: true,
      fromModel: { select: { id: true, name: true, version: true } },
      toModel: { select: { id: true, name: true, version: true, status: true } },
      trainingRun: { select: { id: true, status: true, progress: true, error: true, startedAt: true, finishedAt: true, labelCount: true, progressData: true } },
    },
  });
  if (!r) throw notFound("Recalibration");
  const outcome = (r.outcome ?? {}) as RecalibrationOutcome;
  return {
    run: { id: run.id, name: run.name },
    id: r.id,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    alert: r.alert ? { id: r.alert.id, step: r.alert.step, detector: r.alert.detector, message: r.alert.message } : null,
    fromModel: r.fromModel,
    toModel: r.toModel,
    trainingRun: r.trainingRun
      ? {
          ...r.trainingRun,
          startedAt: r.trainingRun.startedAt?.toISOString() ?? null,
          finishedAt: r.trainingRun.finishedAt?.toISOString() ?? null,
        }
      : null,
    outcome,
  };
}
