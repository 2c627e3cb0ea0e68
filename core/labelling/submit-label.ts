/**
 * Records an annotator's verdict on their assignment. Labels are immutable and there is exactly one per
 * (comparison, annotator) and per assignment (unique constraints), and never more than `overlap` per
 * comparison: the comparison row is locked (the same lock leasing takes), then ONE statement re-checks
 * the room, inserts the label, closes the assignment and bumps the comparison's labelCount.
 * A late submit (lease expired) still counts if the comparison has room; if others filled it: 409.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { sql, sqlTx } from "../db/sql-pool";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireLabeller } from "./access";
import { NOW_UTC } from "./sql";
import { toStoredVerdict } from "./verdicts";

export const submitLabelInput = z
  .object({
    choice: z.enum(["left", "same", "right"], { error: "choice must be left, same or right" }),
    /** 1 = slightly, 2 = clearly; required unless choice is "same". */
    strength: z.union([z.literal(1), z.literal(2)], { error: "strength must be 1 (slightly) or 2 (clearly)" }).optional(),
    rationale: z.string({ error: "rationale must be text" }).trim().max(2000, "rationale is at most 2000 characters").optional(),
    msSpent: z.number({ error: "msSpent (time spent, in ms) is required" }).int("msSpent must be whole milliseconds").min(0, "msSpent must be ≥ 0").max(86_400_000, "msSpent is at most a day"),
  })
  .refine((v) => v.choice === "same" || v.strength !== undefined, { message: "strength is required: slightly (1) or clearly (2) better", path: ["strength"] });
export type SubmitLabelInput = z.input<typeof submitLabelInput>;

/** Slack for clock and network when capping the client's time against the lease's age. */
const MS_SLACK = 2000;

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; meta?: { code?: string }; message?: string };
  return err.code === "23505" || err.code === "P2002" || /unique constraint/i.test(err.message ?? "");
};

type Outcome = { ok: true; labelId: string } | { ok: false; message: string; expire: boolean };

// $1 assignment, $2 comparison, $3 annotator, $4 new label id, $5 verdict, $6 strength, $7 rationale, $8 side shown left, $9 ms spent
const WRITE = `
  WITH ok AS (
    SELECT 1 FROM "Comparison" c JOIN "Assignment" a ON a.id = $1
    WHERE c.id = $2 AND a.state IN ('active', 'expired')
      AND (c."isGold" OR c."labelCount" + (SELECT count(*) FROM "Assignment" o WHERE o."comparisonId" = c.id AND o.id <> a.id AND o.state = 'active' AND o."leaseExpiresAt" > ${NOW_UTC}) < c.overlap)
  ), lab AS (
    INSERT INTO "Label" (id, "comparisonId", "annotatorId", "assignmentId", verdict, strength, rationale, "shownLeft", "msSpent", source, "createdAt")
    SELECT $4, $2, $3, $1, $5, $6, $7, $8, $9, 'human', ${NOW_UTC} FROM ok
    RETURNING id
  ), asg AS (
    UPDATE "Assignment" SET state = 'done', "updatedAt" = ${NOW_UTC} WHERE id = $1 AND EXISTS (SELECT 1 FROM lab) RETURNING id
  ), cmp AS (
    UPDATE "Comparison" SET "labelCount" = "labelCount" + 1 WHERE id = $2 AND EXISTS (SELECT 1 FROM lab) RETURNING id
  )
  SELECT (SELECT id FROM lab) AS "labelId", (SELECT count(*) FROM asg) + (SELECT count(*) FROM cmp) AS n`;

export async function submitLabel(actor: Actor, assignmentId: string, input: SubmitLabelInput) {
  const me = requireLabeller(actor);
  const body = submitLabelInput.parse(input);
  const outcome = await sqlTx(async (q): Promise<Outcome> => {
    // 1. Lock the comparison (the lock leasing takes too) and read what we need. The comparison row is
    //    current once locked; the assignment's side order never changes, its state is re-checked below.
    const [a] = await q<{ annotatorId: string; comparisonId: string; shownLeft: "a" | "b"; mode: "pairwise" | "vs_reference"; elapsedMs: number }>(
      `SELECT a."annotatorId", a."comparisonId", a."shownLeft", c.mode::text AS mode,
         (EXTRACT(EPOCH FROM (${NOW_UTC} - a."updatedAt")) * 1000)::float8 AS "elapsedMs"
       FROM "Assignment" a JOIN "Comparison" c ON c.id = a."comparisonId"
       WHERE a.id = $1
       FOR UPDATE OF c`,
      [assignmentId],
    );
    // Someone else's assignment looks exactly like a missing one.
    if (!a || a.annotatorId !== me.userId) throw notFound("Assignment");
    const verdict = toStoredVerdict(body.choice, a.shownLeft, a.mode);
    const strength = body.choice === "same" ? 0 : body.strength!;
    const msSpent = Math.max(0, Math.min(body.msSpent, Math.round(a.elapsedMs) + MS_SLACK));
    // 2. A new statement (fresh snapshot, lock held): label, close the assignment and count it, only if
    //    the assignment is still open and the comparison has room (gold has no cap).
    const [w] = await q<{ labelId: string | null }>(WRITE, [assignmentId, a.comparisonId, me.userId, randomUUID(), verdict, strength, body.rationale || null, a.shownLeft, msSpent]);
    if (w?.labelId) return { ok: true, labelId: w.labelId };
    // 3. Refused: say why.
    const [cur] = await q<{ state: string; expired: boolean }>(`SELECT state::text AS state, ("leaseExpiresAt" <= ${NOW_UTC}) AS expired FROM "Assignment" WHERE id = $1`, [assignmentId]);
    if (cur!.state === "done") return { ok: false, message: "You already labelled this comparison", expire: false };
    if (cur!.state !== "active" && cur!.state !== "expired") return { ok: false, message: `This assignment was ${cur!.state}; ask for the next comparison`, expire: false };
    const late = cur!.expired || cur!.state === "expired";
    return {
      ok: false,
      message: late ? "Your lease expired and the comparison went to other annotators; ask for the next one" : "This comparison already has all the labels it needs",
      expire: late,
    };
  }).catch((error) => {
    // Two submits of one assignment racing: the unique constraints let exactly one through.
    if (isUniqueViolation(error)) throw new AppError("Conflict", "You already labelled this comparison");
    throw error;
  });
  if (!outcome.ok) {
    if (outcome.expire) await sql(`UPDATE "Assignment" SET state = 'expired', "updatedAt" = ${NOW_UTC} WHERE id = $1 AND state = 'active'`, [assignmentId]);
    throw new AppError("Conflict", outcome.message);
  }
  return { labelId: outcome.labelId };
}
