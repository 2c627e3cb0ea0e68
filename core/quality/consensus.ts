/**
 * Consensus per comparison, and the disagreement list for adjudication. Labels stay raw; this is a view.
 *
 * Rule: the verdict with the most (weighted) votes wins if it is strictly ahead of every other verdict
 * ("plurality", default) or holds more than half the weight ("absolute"). Otherwise the consensus is
 * "tie" with `decisive: false` — distinct from a decisive "tie" that the annotators actually chose.
 * Weighted: pass `weights` (e.g. `trustWeights(labels)`); an annotator missing from it weighs
 * `defaultWeight` (1). If every label weighs 0, nothing is trusted: not decisive, flagged for review.
 */
import { byComparison, PAIR_VERDICTS, signedScore, toPairVerdict, type PairVerdict, type QualityLabel } from "./types";

export interface ConsensusOptions {
  weights?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  defaultWeight?: number;
  rule?: "plurality" | "absolute";
}

export interface ComparisonConsensus {
  comparisonId: string;
  verdict: PairVerdict;
  /** False when `verdict` is "tie" only because no verdict won. */
  decisive: boolean;
  /** Labels counted (one per annotator). */
  n: number;
  counts: Record<PairVerdict, number>;
  /** Sum of label weights per verdict (equal to counts when unweighted). */
  weighted: Record<PairVerdict, number>;
  /** Weighted share of labels that match `verdict` (0 when nothing is trusted). */
  agreement: number;
  /** Weighted mean on the −2..2 strength scale (A clearly better = +2). */
  meanScore: number;
}

function weightOf(opts: ConsensusOptions, annotatorId: string): number {
  const w = opts.weights;
  const v = w === undefined ? undefined : w instanceof Map ? w.get(annotatorId) : (w as Record<string, number>)[annotatorId];
  return v ?? opts.defaultWeight ?? 1;
}

/** Consensus of one comparison's labels (which must all share a comparisonId). */
export function consensusOf(comparisonId: string, labels: readonly QualityLabel[], opts: ConsensusOptions = {}): ComparisonConsensus {
  const counts: Record<PairVerdict, number> = { a: 0, b: 0, tie: 0 };
  const weighted: Record<PairVerdict, number> = { a: 0, b: 0, tie: 0 };
  let total = 0;
  let scoreSum = 0;
  for (const l of labels) {
    const v = toPairVerdict(l.verdict);
    const w = Math.max(0, weightOf(opts, l.annotatorId));
    counts[v]++;
    weighted[v] += w;
    total += w;
    scoreSum += w * signedScore(l.verdict, l.strength);
  }
  const ranked = [...PAIR_VERDICTS].sort((x, y) => weighted[y] - weighted[x]);
  const top = ranked[0]!;
  let decisive = total > 0 && weighted[top] > weighted[ranked[1]!];
  if (decisive && opts.rule === "absolute") decisive = weighted[top] > total / 2;
  const verdict: PairVerdict = decisive ? top : "tie";
  return {
    comparisonId,
    verdict,
    decisive,
    n: labels.length,
    counts,
    weighted,
    agreement: total > 0 ? weighted[verdict] / total : 0,
    meanScore: total > 0 ? scoreSum / total : 0,
  };
}

/** Consensus for every comparison in `labels`, in first-appearance order. */
export function computeConsensus(labels: Iterable<QualityLabel>, opts: ConsensusOptions = {}): ComparisonConsensus[] {
  return [...byComparison(labels)].map(([id, list]) => consensusOf(id, list, opts));
}

export type DisagreementReason = "no-majority" | "low-agreement" | "opposed-strong" | "no-trusted-labels";

export interface Disagreement extends ComparisonConsensus {
  reasons: DisagreementReason[];
}

export interface DisagreementOptions extends ConsensusOptions {
  /** Flag comparisons whose agreement is below this (default 2/3: with 3 labels, a 2–1 split passes). */
  minAgreement?: number;
  /** Only comparisons with at least this many labels (default 2). */
  minLabels?: number;
}

/**
 * Comparisons worth adjudicating, lowest agreement first: no majority, agreement below `minAgreement`,
 * or both answers "clearly better" (strength 2) according to different annotators.
 */
export function findDisagreements(labels: Iterable<QualityLabel>, opts: DisagreementOptions = {}): Disagreement[] {
  const minAgreement = opts.minAgreement ?? 2 / 3;
  const minLabels = opts.minLabels ?? 2;
  const out: Disagreement[] = [];
  for (const [id, list] of byComparison(labels)) {
    if (list.length < minLabels) continue;
    const c = consensusOf(id, list, opts);
    const reasons: DisagreementReason[] = [];
    const total = c.weighted.a + c.weighted.b + c.weighted.tie;
    if (total === 0) reasons.push("no-trusted-labels");
    else if (!c.decisive) reasons.push("no-majority");
    if (total > 0 && c.agreement < minAgreement - 1e-12) reasons.push("low-agreement");
    const scores = list.map((l) => signedScore(l.verdict, l.strength));
    if (scores.includes(2) && scores.includes(-2)) reasons.push("opposed-strong");
    if (reasons.length > 0) out.push({ ...c, reasons });
  }
  return out.sort((x, y) => x.agreement - y.agreement || y.n - x.n);
}
