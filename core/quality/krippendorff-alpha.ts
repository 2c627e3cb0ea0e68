/**
 * Krippendorff's α for any number of raters with missing data (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"): build the coincidence matrix o_ck from every unit with at least
 * two values (each ordered pair of values in a unit with m values adds 1/(m−1)), then
 * α = 1 − D_o / D_e with D_o = Σ o_ck δ²_ck / n and D_e = Σ n_c n_k δ²_ck / (n(n−1)).
 * Metrics: nominal (δ = 0 if equal, else 1), ordinal (δ² from the marginal frequencies between the two
 * ranks), interval ((c−k)²). α is null when D_e = 0 (fewer than two distinct values were used).
 */
import { byComparison, signedScore, toPairVerdict, type QualityLabel } from "./types";

export type AlphaMetric = "nominal" | "ordinal" | "interval";
type Value = string | number;

export interface AlphaResult {
  alpha: number | null;
  /** Units with at least two values (the only ones that count). */
  units: number;
  /** n: pairable values. */
  values: number;
  observedDisagreement: number;
  expectedDisagreement: number;
}

export function krippendorffAlpha(
  units: Iterable<ReadonlyArray<Value | null | undefined>>,
  metric: AlphaMetric = "nominal",
): AlphaResult {
  const o = new Map<Value, Map<Value, number>>();
  let unitCount = 0;
  for (const unit of units) {
    const vals = unit.filter((v): v is Value => v !== null && v !== undefined);
    const m = vals.length;
    if (m < 2) continue;
    if (metric !== "nominal" && vals.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
      throw new Error(`${metric} alpha needs finite numeric values`);
    }
    unitCount++;
    // Σ over ordered pairs (i≠j) of 1/(m−1), aggregated per value: count_c·count_k (minus self pairs).
    const counts = new Map<Value, number>();
    for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [c, nc] of counts) {
      let row = o.get(c);
      if (!row) o.set(c, (row = new Map()));
      for (const [k, nk] of counts) {
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs > 0) row.set(k, (row.get(k) ?? 0) + pairs / (m - 1));
      }
    }
  }
  const cats = [...o.keys()].sort((x, y) => (typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : 1));
  const nc = new Map<Value, number>(cats.map((c) => [c, [...o.get(c)!.values()].reduce((s, x) => s + x, 0)]));
  const n = [...nc.values()].reduce((s, x) => s + x, 0);

  const delta2 = deltaFn(metric, cats, nc);
  let dObs = 0;
  let dExp = 0;
  for (let i = 0; i < cats.length; i++) {
    for (let j = 0; j < cats.length; j++) {
      if (i === j) continue;
      const d = delta2(i, j);
      dObs += (o.get(cats[i]!)!.get(cats[j]!) ?? 0) * d;
      dExp += nc.get(cats[i]!)! * nc.get(cats[j]!)! * d;
    }
  }
  const observedDisagreement = n > 0 ? dObs / n : 0;
  const expectedDisagreement = n > 1 ? dExp / (n * (n - 1)) : 0;
  const alpha = expectedDisagreement > 0 ? 1 - observedDisagreement / expectedDisagreement : null;
  return { alpha, units: unitCount, values: n, observedDisagreement, expectedDisagreement };
}

function deltaFn(metric: AlphaMetric, cats: Value[], nc: Map<Value, number>): (i: number, j: number) => number {
  if (metric === "nominal") return (i, j) => (i === j ? 0 : 1);
  if (metric === "interval") return (i, j) => ((cats[i] as number) - (cats[j] as number)) ** 2;
  // ordinal: (Σ_{g between c and k} n_g − (n_c + n_k)/2)², over values sorted by rank.
  const freq = cats.map((c) => nc.get(c)!);
  const prefix = [0];
  for (const f of freq) prefix.push(prefix[prefix.length - 1]! + f);
  return (i, j) => {
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const between = prefix[hi + 1]! - prefix[lo]!;
    return (between - (freq[lo]! + freq[hi]!) / 2) ** 2;
  };
}

/**
 * α over a label set, one unit per comparison: nominal over a / b / tie, or ordinal over the
 * strength-weighted −2..2 scale (B clearly … A clearly better).
 */
export function labelsAlpha(labels: Iterable<QualityLabel>, scale: "nominal" | "ordinal" = "nominal"): AlphaResult {
  const units = [...byComparison(labels).values()].map((list) =>
    list.map((l) => (scale === "nominal" ? toPairVerdict(l.verdict) : signedScore(l.verdict, l.strength))),
  );
  return krippendorffAlpha(units, scale);
}
