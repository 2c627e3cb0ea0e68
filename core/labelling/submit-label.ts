/**
 * Records an annotator's verdict on their assignment. Labels are immutable and there is exactly one per
 * (comparison, annotator) and per assignment (unique constraints), and never more than `overlap` per
 * comparison: the comparison row is locked (the same lock leasing takes), then ONE statement re-checks
 * the room, inserts the label, closes the assignment and bumps the comparison's labelCount.
 * A late submit (lease expired) still counts if the comparison has room; if others filled it: 409.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { sql } from "../db/sql-pool";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireLabeller } from "./access";
import { toStoredVerdict } from "./verdicts";
import { afterLabel } from "./after-label";

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

const REFUSALS: Record<string, string> = {
  done: "You already labelled this comparison",
  late: "Your lease expired and the comparison went to other annotators; ask for the next one",
  full: "This comparison already has all the labels it needs",
};

/** The stored verdict for every side order and mode, so the database picks the one that applies. */
function verdictsFor(choice: SubmitLabelInput["choice"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const left of ["a", "b"] as const) for (const mode of ["pairwise", "vs_reference"] as const) out[`${left}:${mode}`] = toStoredVerdict(choice, left, mode);
  return out;
}

/**
 * One round trip: the transaction (lock the comparison, then ONE statement that re-checks the room,
 * inserts the label, closes the assignment and bumps labelCount; on refusal, why) is the database
 * function genrm_submit_label (migration 20261129120000_labelling_functions).
 */
export async function submitLabel(actor: Actor, assignmentId: string, input: SubmitLabelInput) {
  const me = requireLabeller(actor);
  const body = submitLabelInput.parse(input);
  const strength = body.choice === "same" ? 0 : body.strength!;
  const params = [assignmentId, me.userId, randomUUID(), JSON.stringify(verdictsFor(body.choice)), strength, body.rationale || null, body.msSpent, MS_SLACK];
  const [row] = await sql<{ outcome: string; label_id: string | null }>(`SELECT * FROM genrm_submit_label($1, $2, $3, $4, $5, $6, $7, $8)`, params).catch((error) => {
    // Two submits of one assignment racing: the unique constraints let exactly one through.
    if (isUniqueViolation(error)) throw new AppError("Conflict", "You already labelled this comparison");
    throw error;
  });
  const outcome = row!.outcome;
  if (outcome === "ok") {
    await afterLabel(assignmentId);
    return { labelId: row!.label_id! };
  }
  if (outcome === "not_found") throw notFound("Assignment"); // someone else's looks exactly like a missing one
  if (outcome.startsWith("ended:")) throw new AppError("Conflict", `This assignment was ${outcome.slice("ended:".length)}; ask for the next comparison`);
  throw new AppError("Conflict", REFUSALS[outcome] ?? `Label refused (${outcome})`);
}
