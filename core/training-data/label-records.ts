/**
 * Database labels → genrm export records (pure). Pairwise A-vs-B labels become a PairwiseLabel (two
 * training rows, one per order); vs-reference labels (A = candidate, B = reference) one row each.
 * Not here: database access (load-labels.ts), weights (weights.ts), files (export-run-data.ts).
 */
import type { LabelRecord } from "../../genrm/export";
import { VERDICTS, type Verdict } from "../../genrm/types";

/** One label with what the export needs from its comparison, prompt and answers. */
export interface DbLabel {
  id: string;
  annotatorId: string;
  verdict: string;
  /** 1 = slightly, 2 = clearly; 0 for ties. */
  strength: number;
  comparisonId: string;
  mode: "pairwise" | "vs_reference";
  isGold: boolean;
  goldVerdict: string | null;
  promptId: string;
  /** Content hash of the prompt: the split key, so one prompt text never lands on both sides. */
  promptKey: string;
  promptText: string;
  aText: string;
  bText: string;
  aLen: number;
  bLen: number;
}

const PAIRWISE = new Set(["a", "b", "tie"]);

export function isUsableLabel(l: DbLabel): boolean {
  return l.mode === "pairwise" ? PAIRWISE.has(l.verdict) : (VERDICTS as readonly string[]).includes(l.verdict);
}

/** UI strength (1 slightly, 2 clearly) → genrm's [0, 1]; every non-tie keeps its direction. */
export const strengthOf = (l: DbLabel) => (l.verdict === "tie" ? 1 : l.strength >= 2 ? 1 : 0.5);

/** The record genrm/export.ts turns into rows; `promptId` carries the prompt key (the split group). */
export function toLabelRecord(l: DbLabel, weight: number): LabelRecord {
  if (l.mode === "pairwise") {
    return { promptId: l.promptKey, prompt: l.promptText, a: l.aText, b: l.bText, winner: l.verdict as "a" | "b" | "tie", strength: strengthOf(l), weight };
  }
  return { promptId: l.promptKey, prompt: l.promptText, reference: l.bText, candidate: l.aText, verdict: l.verdict as Verdict, weight };
}

/** The verdicts of the rows a label yields (for class counts before anything is rendered). */
export function rowVerdicts(l: DbLabel): Verdict[] {
  if (l.mode === "vs_reference") return [l.verdict as Verdict];
  if (l.verdict === "a") return ["better", "worse"];
  if (l.verdict === "b") return ["worse", "better"];
  return ["same", "same"];
}

/**
 * The judge item a label asks about with its human verdict, A as candidate against B as reference
 * (evaluation). Pairwise "a" = A better than B.
 */
export function toJudgeCase(l: DbLabel): { item: { prompt: string; reference: string; candidate: string }; truth: Verdict; group: string } {
  const truth: Verdict =
    l.mode === "vs_reference" ? (l.verdict as Verdict) : l.verdict === "a" ? "better" : l.verdict === "b" ? "worse" : "same";
  return { item: { prompt: l.promptText, reference: l.bText, candidate: l.aText }, truth, group: l.promptKey };
}
