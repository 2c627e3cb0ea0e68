/**
 * Per-annotator quality: gold accuracy and trust, agreement with the others' consensus, position and
 * length preferences, and speed. Rates come with their denominators so a UI can hide thin evidence.
 *
 * - agreement: for each label on a comparison with other labels, the consensus of the OTHER annotators
 *   (same rule/weights as `ConsensusOptions`); comparisons where the others have no decisive consensus
 *   are skipped rather than counted as disagreement.
 * - left preference: share of non-tie labels choosing the side shown left (0.5 = no position bias).
 * - longer preference: share of non-tie labels, on pairs of unequal length, choosing the longer answer.
 */
import { consensusOf, type ConsensusOptions } from "./consensus";
import { DEFAULT_PRIOR, goldCounts, trustFromGold, type BetaPrior } from "./trust";
import { byComparison, toPairVerdict, type QualityLabel } from "./types";

export interface Rate {
  /** Labels the rate is computed over. */
  n: number;
  /** null when n = 0. */
  rate: number | null;
}

export interface AnnotatorStats {
  annotatorId: string;
  labels: number;
  gold: { answered: number; correct: number; accuracy: number | null };
  /** Beta-smoothed gold accuracy (see trust.ts). */
  trust: number;
  /** Consensus vote weight derived from trust (see trust.ts). */
  weight: number;
  agreementWithOthers: Rate;
  leftPreference: Rate;
  longerPreference: Rate;
  tieRate: number;
  medianMs: number | null;
}

export interface AnnotatorStatsOptions {
  prior?: BetaPrior;
  /** How the others' consensus is formed for the agreement rate (default: unweighted plurality). */
  consensus?: ConsensusOptions;
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const rate = (hits: number, n: number): Rate => ({ n, rate: n > 0 ? hits / n : null });

export function annotatorStats(labels: Iterable<QualityLabel>, opts: AnnotatorStatsOptions = {}): AnnotatorStats[] {
  const groups = byComparison(labels);
  const all = [...groups.values()].flat();
  const gold = goldCounts(all);
  const acc = new Map<
    string,
    { n: number; agreeN: number; agree: number; leftN: number; left: number; longN: number; long: number; ties: number; ms: number[] }
  >();
  const get = (id: string) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { n: 0, agreeN: 0, agree: 0, leftN: 0, left: 0, longN: 0, long: 0, ties: 0, ms: [] }));
    return a;
  };

  for (const [comparisonId, list] of groups) {
    for (const l of list) {
      const a = get(l.annotatorId);
      const v = toPairVerdict(l.verdict);
      a.n++;
      if (typeof l.msSpent === "number" && Number.isFinite(l.msSpent)) a.ms.push(l.msSpent);
      if (v === "tie") a.ties++;
      else {
        if (l.shownLeft === "a" || l.shownLeft === "b") {
          a.leftN++;
          if (v === l.shownLeft) a.left++;
        }
        if (typeof l.lenA === "number" && typeof l.lenB === "number" && l.lenA !== l.lenB) {
          a.longN++;
          if ((v === "a") === l.lenA > l.lenB) a.long++;
        }
      }
      const others = list.filter((x) => x !== l);
      if (others.length > 0) {
        const c = consensusOf(comparisonId, others, opts.consensus);
        if (c.decisive) {
          a.agreeN++;
          if (c.verdict === v) a.agree++;
        }
      }
    }
  }

  return [...acc].map(([annotatorId, a]) => {
    const g = gold.get(annotatorId) ?? { correct: 0, answered: 0 };
    const { trust, weight } = trustFromGold(g.correct, g.answered, opts.prior ?? DEFAULT_PRIOR);
    return {
      annotatorId,
      labels: a.n,
      gold: { answered: g.answered, correct: g.correct, accuracy: g.answered > 0 ? g.correct / g.answered : null },
      trust,
      weight,
      agreementWithOthers: rate(a.agree, a.agreeN),
      leftPreference: rate(a.left, a.leftN),
      longerPreference: rate(a.long, a.longN),
      tieRate: a.n > 0 ? a.ties / a.n : 0,
      medianMs: median(a.ms),
    };
  });
}
