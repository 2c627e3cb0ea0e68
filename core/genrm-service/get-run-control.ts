/**
 * The control piggy-back: a judge request carrying `runId` gets the run's current control in its reply
 * — `{action: "continue" | "pause", model, reason}`, the same object GET /api/v1/runs/:id/control
 * serves — so a trainer learns of a pause or a model switch without polling. The run's current model
 * (RlRun.modelId, set by the control writer when a recalibration resumes a run) is also the default
 * model for that request. Reads RlRun.controlAction / controlReason / modelId, which the control writer
 * (core/rl) keeps equal to the newest ControlCommand.
 * Access: a judge key of the run's owner; researchers and admins (sessions) see every run. A run that
 * exists but belongs to someone else answers like a missing one (404).
 */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";

export interface RunControl {
  action: "continue" | "pause";
  /** Name of the GenRM version the run should be judged by; null when none is set. */
  model: string | null;
  reason: string;
}

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function getRunControl(actor: Actor, runId: string): Promise<{ control: RunControl; modelId: string | null }> {
  if (!RUN_ID.test(runId)) throw new AppError("Invalid", "runId: 1–64 letters, digits, '-' or '_'", { field: "runId" });
  const owner = actor.kind === "apiKey" ? { ownerId: actor.userId } : {};
  const run = await db().rlRun.findFirst({
    where: { id: runId, ...owner },
    select: { controlAction: true, controlReason: true, modelId: true, model: { select: { name: true } } },
  });
  if (!run) throw notFound("RL run");
  return {
    control: { action: run.controlAction === "pause" ? "pause" : "continue", model: run.model?.name ?? null, reason: run.controlReason },
    modelId: run.modelId,
  };
}
