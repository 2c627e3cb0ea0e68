/** Queues an evaluation of a version on its held-out labels (job `genrm.evaluate`). */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError } from "../errors";
import { enqueueJob } from "../queue/queues";
import { findModelOr404, requireModelManager } from "./access";

export const evaluateJobId = (evaluationId: string) => `genrm.evaluate-${evaluationId}`;

/** Enqueues an Evaluation row's job; a dead queue fails the row visibly. Safe to call twice. */
export async function enqueueEvaluation(evaluationId: string) {
  try {
    const { jobId } = await enqueueJob("genrm.evaluate", { evaluationId }, { jobId: evaluateJobId(evaluationId) });
    await db().evaluation.update({ where: { id: evaluationId }, data: { jobId } });
    return jobId;
  } catch (e) {
    await db().evaluation.update({ where: { id: evaluationId }, data: { status: "failed", error: (e as Error).message, finishedAt: new Date() } });
    throw e;
  }
}

export async function startEvaluation(actor: Actor | null, ref: string) {
  requireModelManager(actor);
  const model = await findModelOr404(ref);
  if (model.status === "training" || model.status === "failed") throw new AppError("Conflict", `GenRM v${model.version} is ${model.status}: nothing to evaluate`);
  const pending = await db().evaluation.findFirst({ where: { modelId: model.id, status: { in: ["queued", "running"] } } });
  if (pending) return { evaluation: { id: pending.id, status: pending.status, jobId: pending.jobId } };
  const evaluation = await db().evaluation.create({ data: { modelId: model.id } });
  const jobId = await enqueueEvaluation(evaluation.id);
  return { evaluation: { id: evaluation.id, status: evaluation.status, jobId } };
}
