/**
 * A researcher's human override of a prompt's reference: picks another answer of the prompt and says
 * why. Recorded as a new Reference row (source "override", who, why), so history is kept and the judge
 * API uses it at once (it reads the newest row).
 */
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError } from "../errors";
import { normaliseText } from "../formats/content-key";
import { createdByScope } from "../auth/owner-scope";
import { requireTournamentUser } from "./access";
import { getCurrentReferences } from "./get-current-references";

export const overrideReferenceInput = z
  .object({
    responseId: z.string({ error: "responseId must be a string" }).min(1, "responseId is required").max(64),
    reason: z
      .string({ error: "reason must be a string" })
      .trim()
      .min(3, "reason: say why you override the tournament (at least 3 characters)")
      .max(2000, "reason must be at most 2000 characters"),
  })
  .strict();

export async function overrideReference(actor: Actor, where: { runId: string; promptId: string }, raw: z.input<typeof overrideReferenceInput>) {
  const user = requireTournamentUser(actor);
  // Found before the body is read: another researcher's run answers 404 whatever is sent.
  const t = await db().tournament.findFirst({ where: { runId: where.runId, promptId: where.promptId, run: createdByScope(user) }, select: { id: true, promptId: true } });
  if (!t) throw new AppError("NotFound", "Tournament not found for this run and prompt");
  const input = overrideReferenceInput.parse(raw);
  const answer = await db().response.findUnique({ where: { id: input.responseId }, select: { id: true, promptId: true, text: true, model: true } });
  if (!answer || answer.promptId !== t.promptId) throw new AppError("Invalid", "responseId: that answer does not belong to this prompt", { field: "responseId" });
  if (normaliseText(answer.text).length === 0) throw new AppError("Unprocessable", "responseId: that answer is empty and cannot be a reference", { field: "responseId" });
  const current = (await getCurrentReferences([t.promptId])).get(t.promptId);
  if (current?.responseId === answer.id) throw new AppError("Conflict", `The ${answer.model} answer is already this prompt's reference`, { field: "responseId" });
  const ref = await db().reference.create({
    data: { promptId: t.promptId, responseId: answer.id, source: "override", tournamentId: t.id, setById: user.userId, reason: input.reason },
  });
  return { id: ref.id, promptId: ref.promptId, responseId: ref.responseId, source: ref.source, reason: ref.reason, setById: ref.setById, createdAt: ref.createdAt };
}
