/**
 * Skip (K) and flag (F) end an annotator's own live assignment without a label: the comparison goes back
 * to the pool for others and never comes back to this annotator. A flag carries a reason that the
 * dataset page lists for researchers (broken prompt, unreadable answers, personal data, …).
 */
import { z } from "zod";
import { db } from "../db/client";
import { sql } from "../db/sql-pool";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireLabeller } from "./access";
import { NOW_UTC } from "./sql";

export const flagInput = z.object({
  reason: z.string({ error: "reason is required" }).trim().min(3, "say briefly why (at least 3 characters)").max(500, "reason is at most 500 characters"),
});

async function end(actor: Actor, assignmentId: string, state: "skipped" | "flagged", reason: string | null) {
  const me = requireLabeller(actor);
  const updated = await sql<{ id: string }>(
    `UPDATE "Assignment" SET state = $1::"AssignmentState", "flagReason" = $2, "updatedAt" = ${NOW_UTC}
     WHERE id = $3 AND "annotatorId" = $4 AND state IN ('active', 'expired') RETURNING id`,
    [state, reason, assignmentId, me.userId],
  );
  if (updated.length === 1) return { ok: true, state };
  const a = await db().assignment.findUnique({ where: { id: assignmentId }, select: { annotatorId: true, state: true } });
  if (!a || a.annotatorId !== me.userId) throw notFound("Assignment");
  throw new AppError("Conflict", `This assignment is already ${a.state}`);
}

export const skipAssignment = (actor: Actor, assignmentId: string) => end(actor, assignmentId, "skipped", null);

export async function flagAssignment(actor: Actor, assignmentId: string, input: z.input<typeof flagInput>) {
  const { reason } = flagInput.parse(input);
  return end(actor, assignmentId, "flagged", reason);
}
