/**
 * Annotator trust from gold questions.
 *
 * trust  = posterior mean of gold accuracy under a Beta(α, β) prior (default Beta(1,1), i.e. Laplace:
 *          (correct + 1) / (answered + 2)); no gold answered → 0.5, 9/10 → 0.83, 0/5 → 0.14.
 * weight = max(0, ln(trust · (K − 1) / (1 − trust))), K = 3 verdicts: the vote weight that makes a
 *          weighted majority optimal when an annotator is right with probability p and otherwise picks
 *          one of the K−1 wrong verdicts at random (Nitzan & Paroush 1982; the "one-coin" Dawid–Skene
 *          model). Chance level (1/3) or below weighs 0; no gold → ln 2 ≈ 0.69; 9/10 → ≈ 2.30.
 * The smoothing keeps a lucky 2/2 from outweighing a proven 45/50 (trust 0.75 → weight 1.79 vs 0.88 → 2.73).
 */
import { toPairVerdict, type QualityLabel } from "./types";

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export const DEFAULT_PRIOR: BetaPrior = { alpha: 1, beta: 1 };
const K = 3;

export function trustFromGold(correct: number, answered: number, prior: BetaPrior = DEFAULT_PRIOR): { trust: number; weight: number } {
  const trust = (correct + prior.alpha) / (answered + prior.alpha + prior.beta);
  const weight = trust >= 1 ? Number.POSITIVE_INFINITY : Math.max(0, Math.log((trust * (K - 1)) / (1 - trust)));
  return { trust, weight };
}

/** Counts gold answers: labels on gold comparisons that carry a gold verdict. */
export function goldCounts(labels: Iterable<QualityLabel>): Map<string, { correct: number; answered: number }> {
  const out = new Map<string, { correct: number; answered: number }>();
  for (const l of labels) {
    let c = out.get(l.annotatorId);
    if (!c) out.set(l.annotatorId, (c = { correct: 0, answered: 0 }));
    if (!l.isGold || l.goldVerdict === undefined || l.goldVerdict === null) continue;
    c.answered++;
    if (toPairVerdict(l.verdict) === toPairVerdict(l.goldVerdict)) c.correct++;
  }
  return out;
}

/** A consensus weight for every annotator who labelled anything (see header for the mapping). */
export function trustWeights(labels: Iterable<QualityLabel>, prior: BetaPrior = DEFAULT_PRIOR): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, c] of goldCounts(labels)) out.set(id, trustFromGold(c.correct, c.answered, prior).weight);
  return out;
}
