/**
 * Whether a finished tournament is sure enough of its winner to make it the prompt's reference
 * silently. Pure. A prompt is undecided when every judgement was a draw (the games say nothing) or the
 * winner's confidence — P(it is the best answer) under the final Bradley-Terry fit — is below the run's
 * `minConfidence`. What happens to an undecided prompt is the run's `undecided` setting:
 * - "low-confidence": the best-supported answer still becomes the reference, marked as a low-confidence
 *   pick (its Reference row says so);
 * - "wait-for-human": no reference is written; the prompt waits for a researcher's override.
 */
import type { TournamentConfig } from "./tournament-config";

export type UndecidedReason = "all-draws" | "low-confidence";

export interface ReferenceDecision {
  confidence: number | null;
  undecided: boolean;
  reason: UndecidedReason | null;
  /** Whether the winner is written as the reference now. */
  writeReference: boolean;
  /** The Reference row's `reason` when the pick is written although undecided. */
  referenceNote: string | null;
}

export function decideReference(
  result: { confidence: number | null; allDraws: boolean },
  config: Pick<TournamentConfig, "minConfidence" | "undecided">,
): ReferenceDecision {
  const reason: UndecidedReason | null = result.allDraws
    ? "all-draws"
    : result.confidence !== null && result.confidence < config.minConfidence
      ? "low-confidence"
      : null;
  if (reason === null) return { confidence: result.confidence, undecided: false, reason, writeReference: true, referenceNote: null };
  const waits = config.undecided === "wait-for-human";
  return {
    confidence: result.confidence,
    undecided: true,
    reason,
    writeReference: !waits,
    referenceNote: waits ? null : lowConfidenceNote(reason, result.confidence),
  };
}

export function lowConfidenceNote(reason: UndecidedReason, confidence: number | null): string {
  return reason === "all-draws"
    ? "low confidence: every judgement was a draw, so this pick is arbitrary"
    : `low confidence: P(best) ≈ ${Math.round(100 * (confidence ?? 0))} % under the tournament's fit`;
}

/** A sentence for the prompt page. */
export function describeUndecided(reason: UndecidedReason, confidence: number | null, waits: boolean): string {
  const why =
    reason === "all-draws"
      ? "Every judgement was a draw: the judge cannot tell these answers apart."
      : `The tournament is unsure of its winner (P(best) ≈ ${Math.round(100 * (confidence ?? 0))} %).`;
  return waits ? `${why} No reference was set: it waits for a researcher to choose one.` : `${why} The best-supported answer was taken, marked low confidence.`;
}
