/**
 * A run's undecided prompts (decide-reference.ts): the ones where the GenRM could not tell the answers
 * apart well enough — every judgement a draw, or P(best) below the run's threshold. For people (the
 * run page) and for labelling strategies that send annotators where the GenRM is unsure. `resolved`:
 * a researcher has since chosen the reference (an override newer than the tournament's finish).
 */
import { db } from "../db/client";
import type { UndecidedReason } from "./decide-reference";

export interface UndecidedPrompt {
  promptId: string;
  tournamentId: string;
  confidence: number | null;
  reason: UndecidedReason;
  /** The tournament's best-supported answer (its winner), whether or not it became the reference. */
  bestSupportedResponseId: string | null;
  /** True when the run's setting held the reference back for a human. */
  waitsForHuman: boolean;
  resolved: boolean;
}

export async function listUndecidedPrompts(runId: string): Promise<UndecidedPrompt[]> {
  const rows = await db().$queryRaw<
    { promptId: string; id: string; winnerResponseId: string | null; confidence: string | null; reason: string | null; waits: string | null; finishedAt: Date | null }[]
  >`SELECT "promptId", id, "winnerResponseId", standings->>'confidence' AS confidence, standings->>'undecidedReason' AS reason,
            standings->>'waitsForHuman' AS waits, "finishedAt"
      FROM "Tournament" WHERE "runId" = ${runId} AND status = 'succeeded' AND standings->>'undecided' = 'true'
      ORDER BY "createdAt", id`;
  if (rows.length === 0) return [];
  const overrides = await db().reference.findMany({
    where: { promptId: { in: rows.map((r) => r.promptId) }, source: "override" },
    select: { promptId: true, createdAt: true },
  });
  return rows.map((r) => ({
    promptId: r.promptId,
    tournamentId: r.id,
    confidence: r.confidence === null ? null : Number(r.confidence),
    reason: (r.reason ?? "low-confidence") as UndecidedReason,
    bestSupportedResponseId: r.winnerResponseId,
    waitsForHuman: r.waits === "true",
    resolved: overrides.some((o) => o.promptId === r.promptId && (!r.finishedAt || o.createdAt >= r.finishedAt)),
  }));
}
