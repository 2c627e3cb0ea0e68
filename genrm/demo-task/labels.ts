/**
 * Simulated human annotators for the demo seed: mostly right, sometimes noisy, optionally fond of
 * longer answers (the length bias the platform's detectors are meant to catch).
 */
import type { Verdict } from "../types";
import { verdictFor } from "./generate";
import type { Rng } from "./rng";

export interface AnnotatorProfile {
  /** Probability of a uniformly random verdict instead of the true one. Default 0.1. */
  noise?: number;
  /**
   * Probability of preferring the clearly longer answer (>= lengthRatio x the characters) when the two
   * are really equally good. Default 0.
   */
  lengthBias?: number;
  /** How much longer (in characters) an answer must be to count as "clearly longer". Default 1.5. */
  lengthRatio?: number;
}

export interface ScoredAnswer {
  text: string;
  quality: number;
}

const VERDICTS: readonly Verdict[] = ["better", "same", "worse"];

/** The label a simulated annotator gives `candidate` against `reference`. */
export function simulateVerdictLabel(candidate: ScoredAnswer, reference: ScoredAnswer, rng: Rng, profile: AnnotatorProfile = {}): Verdict {
  const { noise = 0.1, lengthBias = 0, lengthRatio = 1.5 } = profile;
  if (rng.chance(noise)) return rng.pick(VERDICTS);
  const truth = verdictFor(candidate.quality, reference.quality);
  if (truth === "same" && lengthBias > 0 && rng.chance(lengthBias)) {
    if (candidate.text.length >= lengthRatio * reference.text.length) return "better";
    if (reference.text.length >= lengthRatio * candidate.text.length) return "worse";
  }
  return truth;
}

/** A pairwise A-vs-B label: "a" when A is preferred (A "better" than B as reference), "b", or "tie". */
export function simulatePairwiseLabel(a: ScoredAnswer, b: ScoredAnswer, rng: Rng, profile: AnnotatorProfile = {}): "a" | "b" | "tie" {
  const v = simulateVerdictLabel(a, b, rng, profile);
  return v === "better" ? "a" : v === "worse" ? "b" : "tie";
}
