/**
 * What the trainer should do now: `{action: "continue" | "pause", model, reason}`.
 * `model` is the name of the GenRM version the run should be judged by (null when none is set).
 * The judge API attaches the same object to its replies when a request carries a runId.
 */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { loadRunForReader } from "./run-access";

export interface RunControl {
  action: "continue" | "pause";
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

export async function getRunControlFor(actor: Actor | null, runId: string): Promise<RunControl> {
  return controlOf(await loadRunForReader(actor, runId));
}
