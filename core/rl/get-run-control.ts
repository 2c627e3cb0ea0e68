/**
 * What the trainer should do now: `{action: "continue" | "pause", model, reason}`.
 * `model` is the name of the GenRM version the run should be judged by (null when none is set).
 * GET /api/v1/runs/:id/control serves it, and a judge request carrying `runId` gets the same object in
 * its reply, so a trainer learns of a pause or a model switch without polling. The run's current model
 * (RlRun.modelId, set by the control writer when a recalibration resumes a run) is also the default model
 * for that request. RlRun.controlAction / controlReason / modelId are kept equal to the newest ControlCommand
 * by the control writer (set-run-control.ts, post-step.ts).
 * Access (run-access.ts): researcher/admin sessions read every run; a key with `runs:write` or `judge`
 * reads its owner's runs; another owner's run answers like a missing one (404).
 */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { loadRunForReader } from "./run-access";

export interface RunControl {
  action: "continue" | "pause";
  /** Name of the GenRM version the run should be judged by; null when none is set. */
  model: string | null;
  reason: string;
}

export async function controlOf(run: { controlAction: string; controlReason: string; modelId: string | null }): Promise<RunControl> {
  const model = run.modelId ? await db().genrmModel.findUnique({ where: { id: run.modelId }, select: { name: true } }) : null;
  return {
    action: run.controlAction === "pause" ? "pause" : "continue",
    model: model?.name ?? null,
    reason: run.controlReason,
  };
}

/** The control plus the run's model id (the judge's default model for requests naming the run). */
export async function getRunControl(actor: Actor | null, runId: string, field = "id"): Promise<{ control: RunControl; modelId: string | null }> {
  const run = await loadRunForReader(actor, runId, ["runs:write", "judge"], field);
  return { control: await controlOf(run), modelId: run.modelId };
}

export async function getRunControlFor(actor: Actor | null, runId: string): Promise<RunControl> {
  return (await getRunControl(actor, runId)).control;
}
