/**
 * How often the demo tournaments pick a correct answer as the reference. The demo dataset comes from
 * genrm/demo-task (prisma/seed/demo-genrm-labels.ts), which knows every answer's hidden quality:
 * correct answers score 0.8–0.9, wrong ones ≤ 0.25. Regenerating the same items (same seed and count)
 * gives the truth for each (prompt, answer) text; nothing of it reaches the tournament.
 * Counted over prompts that have at least one correct answer among the candidates, split into decided
 * and undecided prompts (decide-reference.ts).
 */
import type { Db } from "@core/db/client";
import { generateJudgeItems } from "@genrm/demo-task";
import { readResultDoc } from "@core/tournaments/tournament-result-doc";
import { DEMO_LABELS_COUNT, DEMO_LABELS_SEED } from "./demo-genrm-labels";

const key = (prompt: string, answer: string) => `${prompt}\u0000${answer}`;

/** (prompt text, answer text) → whether the answer is correct, for the seeded demo dataset. */
export function demoAnswerTruth(seed = DEMO_LABELS_SEED, count = DEMO_LABELS_COUNT): Map<string, boolean> {
  const truth = new Map<string, boolean>();
  for (const it of generateJudgeItems({ seed, count, itemsPerPrompt: 2 })) {
    truth.set(key(it.prompt, it.reference), it.referenceQuality >= 0.5);
    truth.set(key(it.prompt, it.candidate), it.candidateQuality >= 0.5);
  }
  return truth;
}

export interface ReferenceRow {
  prompt: string;
  candidates: string[];
  /** The tournament's pick (its winner), null when none. */
  chosen: string | null;
  undecided: boolean;
}

export interface ReferenceQuality {
  /** Prompts with a pick and at least one known-correct candidate. */
  scored: number;
  decided: number;
  decidedCorrect: number;
  undecided: number;
  undecidedCorrect: number;
  /** Prompts left out: no correct candidate, or answers the truth does not know. */
  skipped: number;
}

export function scoreReferences(rows: readonly ReferenceRow[], truth: ReadonlyMap<string, boolean>): ReferenceQuality {
  const q: ReferenceQuality = { scored: 0, decided: 0, decidedCorrect: 0, undecided: 0, undecidedCorrect: 0, skipped: 0 };
  for (const r of rows) {
    const known = r.candidates.map((c) => truth.get(key(r.prompt, c)));
    if (r.chosen === null || known.some((k) => k === undefined) || !known.includes(true)) {
      q.skipped++;
      continue;
    }
    const ok = truth.get(key(r.prompt, r.chosen)) === true;
    q.scored++;
    if (r.undecided) {
      q.undecided++;
      if (ok) q.undecidedCorrect++;
    } else {
      q.decided++;
      if (ok) q.decidedCorrect++;
    }
  }
  return q;
}

export function describeReferenceQuality(q: ReferenceQuality): string {
  const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)} %` : "n/a");
  return (
    `correct reference on ${q.decidedCorrect}/${q.decided} decided prompts (${pct(q.decidedCorrect, q.decided)})` +
    `, ${q.undecidedCorrect}/${q.undecided} undecided ones (${pct(q.undecidedCorrect, q.undecided)})` +
    (q.skipped ? `; ${q.skipped} prompt(s) without a correct answer not counted` : "")
  );
}

/** Reads a finished run's picks from the database and scores them against the demo task's truth. */
export async function measureDemoReferenceQuality(db: Db, runId: string): Promise<ReferenceQuality> {
  const ts = await db.tournament.findMany({
    where: { runId, status: "succeeded" },
    select: { entrants: true, winnerResponseId: true, standings: true, prompt: { select: { text: true, responses: { select: { id: true, text: true } } } } },
  });
  const rows = ts.map((t): ReferenceRow => {
    const inRun = new Set(t.entrants);
    const answers = t.prompt.responses.filter((r) => inRun.has(r.id));
    return {
      prompt: t.prompt.text,
      candidates: answers.map((a) => a.text),
      chosen: answers.find((a) => a.id === t.winnerResponseId)?.text ?? null,
      undecided: readResultDoc(t.standings)?.undecided === true,
    };
  });
  return scoreReferences(rows, demoAnswerTruth());
}
