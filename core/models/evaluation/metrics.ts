/**
 * Held-out evaluation numbers from both-order judgements (pure): accuracy, a confusion matrix, swap
 * consistency and calibration (ECE over equal-width confidence bins, with the bins for a reliability
 * chart). Not here: judging (run-evaluation.ts) or the length probe (length-probe.ts).
 */
import { argmaxVerdict } from "../../../genrm/verdicts";
import { VERDICTS, type Verdict, type VerdictProbs } from "../../../genrm/types";

export interface JudgedCase {
  truth: Verdict;
  /** Debiased (both-order) probabilities. */
  probs: VerdictProbs;
  /** Forward-order probabilities alone (candidate shown as candidate). */
  forward: VerdictProbs;
  /** The two orders' argmax verdicts agree (after mirroring). */
  consistent: boolean;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence (max probability) of the cases in the bin; null when empty. */
  confidence: number | null;
  /** Share of the bin's cases whose argmax verdict was right; null when empty. */
  accuracy: number | null;
}

export interface HeldoutMetrics {
  n: number;
  accuracy: number;
  /** Accuracy of the forward order alone: what a judge without both-order debiasing would score. */
  singleOrderAccuracy: number;
  /** Share of cases whose two orders agree. */
  swapConsistency: number;
  /** confusion[t][p]: cases with human verdict VERDICTS[t] judged VERDICTS[p]. */
  confusion: number[][];
  /** Recall per human verdict (null when that verdict has no cases). */
  perClassAccuracy: Record<Verdict, number | null>;
  truthCounts: Record<Verdict, number>;
  ece: number;
  reliability: ReliabilityBin[];
  /** Mean negative log-likelihood of the human verdict under the debiased probabilities. */
  nll: number;
}

export const RELIABILITY_BINS = 10;

export function heldoutMetrics(cases: readonly JudgedCase[], bins = RELIABILITY_BINS): HeldoutMetrics {
  if (cases.length === 0) throw new RangeError("no cases to evaluate");
  const confusion = VERDICTS.map(() => VERDICTS.map(() => 0));
  const rel = Array.from({ length: bins }, (_, i) => ({ lo: i / bins, hi: (i + 1) / bins, count: 0, confSum: 0, correct: 0 }));
  let correct = 0;
  let single = 0;
  let consistent = 0;
  let nll = 0;
  for (const c of cases) {
    const pred = argmaxVerdict(c.probs);
    const t = VERDICTS.indexOf(c.truth);
    confusion[t]![VERDICTS.indexOf(pred)]!++;
    const ok = pred === c.truth;
    if (ok) correct++;
    if (argmaxVerdict(c.forward) === c.truth) single++;
    if (c.consistent) consistent++;
    nll -= Math.log(Math.max(1e-12, c.probs[c.truth]));
    const conf = Math.max(c.probs.better, c.probs.same, c.probs.worse);
    const b = rel[Math.min(bins - 1, Math.floor(conf * bins))]!;
    b.count++;
    b.confSum += conf;
    if (ok) b.correct++;
  }
  const n = cases.length;
  const reliability: ReliabilityBin[] = rel.map((b) => ({
    lo: b.lo,
    hi: b.hi,
    count: b.count,
    confidence: b.count ? b.confSum / b.count : null,
    accuracy: b.count ? b.correct / b.count : null,
  }));
  // ECE = sum over bins of (bin share) * |accuracy - confidence|.
  const ece = rel.reduce((s, b) => (b.count ? s + (b.count / n) * Math.abs(b.correct / b.count - b.confSum / b.count) : s), 0);
  const truthCounts = Object.fromEntries(VERDICTS.map((v, i) => [v, confusion[i]!.reduce((a, x) => a + x, 0)])) as Record<Verdict, number>;
  const perClassAccuracy = Object.fromEntries(VERDICTS.map((v, i) => [v, truthCounts[v] ? confusion[i]![i]! / truthCounts[v] : null])) as Record<Verdict, number | null>;
  return { n, accuracy: correct / n, singleOrderAccuracy: single / n, swapConsistency: consistent / n, confusion, perClassAccuracy, truthCounts, ece, reliability, nll: nll / n };
}
