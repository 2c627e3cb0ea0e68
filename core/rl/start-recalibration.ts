/**
 * Starts a recalibration of the GenRM version a run is judged by: a Recalibration row (pending) and an
 * `rl.recalibrate` job that trains, evaluates and decides (core/rl/recalibration/). One at a time per
 * run. Started by a researcher's click (owner or admin) or by the detectors when the run has
 * autoRecalibrate.
 */
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { enqueueJob } from "../queue/queues";
import { loadRunForController } from "./run-access";

export const ACTIVE_RECALIBRATION = ["pending", "training", "evaluating"];

export const startRecalibrationInput = z
  .object({
    alertId: z.string().min(1).max(64).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();

interface CreateRecalibration {
  runId: string;
  alertId?: string | null;
  reason: string;
  createdById?: string | null;
}

/**
 * Internal (also used by the auto policy). Returns null when one is already active and `quiet`.
 * `enqueue: false` leaves the job to the caller (the demo seed runs the pipeline in-process).
 */
export async function createRecalibration(req: CreateRecalibration, quiet = false, opts: { enqueue?: boolean } = {}) {
  const created = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "RlRun" WHERE id = ${req.runId} FOR UPDATE`;
    const run = await tx.rlRun.findUniqueOrThrow({ where: { id: req.runId } });
    const active = await tx.recalibration.findFirst({ where: { runId: run.id, status: { in: ACTIVE_RECALIBRATION } } });
    if (active) {
      if (quiet) return null;
      throw new AppError("Conflict", `A recalibration of this run is already ${active.status} (started ${active.createdAt.toISOString()})`);
    }
    if (!run.modelId) throw new AppError("Unprocessable", "This run has no GenRM version to recalibrate; create it with a model");
    return tx.recalibration.create({
      data: {
        runId: run.id,
        alertId: req.alertId ?? null,
        fromModelId: run.modelId,
        reason: req.reason,
        createdById: req.createdById ?? null,
      },
    });
  });
  if (!created || opts.enqueue === false) return created;
  // jobId = recalibration id: enqueueing twice (a retried request) runs one job.
  try {
    await enqueueJob("rl.recalibrate", { recalibrationId: created.id }, { jobId: `rl.recalibrate-${created.id}` });
  } catch (e) {
    // No job will ever pick it up: say so on the row instead of leaving it "pending" forever.
    await db().recalibration.update({
      where: { id: created.id },
      data: { status: "failed", finishedAt: new Date(), outcome: { error: (e as Error).message } },
    });
    throw e;
  }
  return created;
}

export async function startRecalibration(actor: Actor | null, runId: string, input: z.input<typeof startRecalibrationInput>) {
  const { run, user } = await loadRunForController(actor, runId);
  const data = startRecalibrationInput.parse(input);
  let alert = null;
  if (data.alertId) {
    alert = await db().biasAlert.findFirst({ where: { id: data.alertId, runId: run.id } });
    if (!alert) throw notFound("Alert");
  }
  const recal = await createRecalibration({
    runId: run.id,
    alertId: alert?.id ?? null,
    reason: data.reason || (alert ? `Started by ${user.email} after: ${alert.message}` : `Started by ${user.email}`),
    createdById: user.userId,
  });
  return { recalibration: { id: recal!.id, status: recal!.status } };
}
