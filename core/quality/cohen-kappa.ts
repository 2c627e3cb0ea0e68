/**
 * Cohen's κ for two raters on the items both rated: κ = (p_o − p_e) / (1 − p_e), where p_o is the share
 * of agreeing items and p_e the agreement expected from each rater's own category frequencies.
 * κ is undefined (null) when there are no shared items or p_e = 1 (both raters used one same category).
 */
import { byComparison, toPairVerdict, type PairVerdict, type QualityLabel } from "./types";

export interface KappaResult {
  kappa: number | null;
  /** Items rated by both. */
  n: number;
  observed: number;
  expected: number;
}

export function cohenKappa<T>(pairs: ReadonlyArray<readonly [T, T]>): KappaResult {
  const n = pairs.length;
  if (n === 0) return { kappa: null, n: 0, observed: 0, expected: 0 };
  const first = new Map<T, number>();
  const second = new Map<T, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    first.set(x, (first.get(x) ?? 0) + 1);
    second.set(y, (second.get(y) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [c, k] of first) expected += (k / n) * ((second.get(c) ?? 0) / n);
  const kappa = expected >= 1 ? null : (observed - expected) / (1 - expected);
  return { kappa, n, observed, expected };
}

/** κ between two annotators over the comparisons both labelled (categories a / b / tie). */
export function annotatorKappa(labels: Iterable<QualityLabel>, annotatorA: string, annotatorB: string): KappaResult {
  const pairs: [PairVerdict, PairVerdict][] = [];
  for (const list of byComparison(labels).values()) {
    const x = list.find((l) => l.annotatorId === annotatorA);
    const y = list.find((l) => l.annotatorId === annotatorB);
    if (x && y) pairs.push([toPairVerdict(x.verdict), toPairVerdict(y.verdict)]);
  }
  return cohenKappa(pairs);
}

export interface PairKappa extends KappaResult {
  annotatorA: string;
  annotatorB: string;
}

/** κ for every annotator pair sharing at least `minShared` comparisons (default 5). */
export function pairwiseKappa(labels: Iterable<QualityLabel>, opts: { minShared?: number } = {}): PairKappa[] {
  const minShared = opts.minShared ?? 5;
  const shared = new Map<string, [PairVerdict, PairVerdict][]>();
  for (const list of byComparison(labels).values()) {
    const sorted = [...list].sort((p, q) => (p.annotatorId < q.annotatorId ? -1 : 1));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = JSON.stringify([sorted[i]!.annotatorId, sorted[j]!.annotatorId]);
        let ps = shared.get(key);
        if (!ps) shared.set(key, (ps = []));
        ps.push([toPairVerdict(sorted[i]!.verdict), toPairVerdict(sorted[j]!.verdict)]);
      }
    }
  }
  const out: PairKappa[] = [];
  for (const [key, ps] of shared) {
    if (ps.length < minShared) continue;
    const [annotatorA, annotatorB] = JSON.parse(key) as [string, string];
    out.push({ annotatorA, annotatorB, ...cohenKappa(ps) });
  }
  return out;
}
