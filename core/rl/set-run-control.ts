/**
 * A researcher's click: pause a run, or let it continue (optionally on another GenRM version).
 * Owner or admin only. Recorded as a ControlCommand with source "user".
 */
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { controlOf } from "./get-run-control";
import { applyControl } from "./apply-control";
import { resolveServingModel } from "../genrm-service/resolve-model";
import { loadRunForController } from "./run-access";
import { db } from "../db/client";

export const setRunControlInput = z
  .object({
    action: z.enum(["continue", "pause"], { error: "action must be 'continue' or 'pause'" }),
    reason: z.string().trim().max(500).optional(),
    model: z.union([z.string().trim().min(1).max(100), z.number().int().min(0)]).optional(),
  })
  .strict();

export async function setRunControl(actor: Actor | null, runId: string, input: z.input<typeof setRunControlInput>) {
  const { run, user } = await loadRunForController(actor, runId);
  const data = setRunControlInput.parse(input);
  const model = data.model !== undefined ? await resolveServingModel(data.model) : null;
  const verb = data.action === "pause" ? "Paused" : "Resumed";
  const command = await applyControl(run.id, {
    action: data.action,
    reason: data.reason || `${verb} by ${user.email}${model ? ` on ${model.name}` : ""}`,
    source: "user",
    modelId: model?.id,
    createdById: user.userId,
  });
  const after = await db().rlRun.findUniqueOrThrow({ where: { id: run.id } });
  return { changed: command !== null, control: await controlOf(after) };
}
