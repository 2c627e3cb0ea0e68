/**
 * Reward–length coupling within one RL step's samples: Pearson, Spearman (average ranks for ties) and
 * the partial correlation of reward with length controlling for correctness.
 * Degenerate inputs return `{value: null, reason}`, never NaN (see stats/result.ts).
 */
import { allFinite, averageRanks, clamp, isConstant, mean } from "../stats/basic";
import { degenerate, ok, type StatResult } from "../stats/result";

function precheck(x: readonly number[], y: readonly number[], minN: number): StatResult | null {
  const n = Math.min(x.length, y.length);
  if (x.length !== y.length) return degenerate("length_mismatch", n);
  if (n < minN) return degenerate("too_few_samples", n, `needs at least ${minN} samples`);
  if (!allFinite(x) || !allFinite(y)) return degenerate("non_finite_input", n);
  if (isConstant(x) || isConstant(y)) return degenerate("zero_variance", n);
  return null;
}

function rawPearson(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Values that differ only in the last bits can leave sxx = 0 after centring.
  if (sxx === 0 || syy === 0) return NaN;
  return clamp(sxy / Math.sqrt(sxx * syy), -1, 1);
}

/** Pearson's r. n < 3 (r = ±1 by construction at n = 2) or a constant input → null. */
export function pearson(x: readonly number[], y: readonly number[]): StatResult {
  const bad = precheck(x, y, 3);
  if (bad) return bad;
  const r = rawPearson(x, y);
  return Number.isFinite(r) ? ok(r, x.length) : degenerate("zero_variance", x.length);
}

/** Spearman's ρ = Pearson's r on ranks, ties given their average rank. */
export function spearman(x: readonly number[], y: readonly number[]): StatResult {
  const bad = precheck(x, y, 3);
  if (bad) return bad;
  const r = rawPearson(averageRanks(x), averageRanks(y));
  return Number.isFinite(r) ? ok(r, x.length) : degenerate("zero_variance", x.length);
}

/**
 * Partial correlation r_xy·z = (r_xy − r_xz·r_yz) / sqrt((1 − r_xz²)(1 − r_yz²)), i.e. the correlation
 * of the residuals of x and y after a linear fit on z. Here x = reward, y = length, z = correctness
 * (0/1 or continuous): "does reward follow length among equally correct answers?"
 *
 * - n < 4 → null: the residuals have n − 2 degrees of freedom, so at n = 3 they are ±1 by construction.
 * - z constant (e.g. every sample correct) → controlling for it is a no-op: returns Pearson r_xy, noted.
 * - x or y a linear function of z (|r_xz| = 1 or |r_yz| = 1) → null, "collinear_with_control".
 */
export function partialCorrelation(
  x: readonly number[],
  y: readonly number[],
  z: readonly (number | boolean)[],
): StatResult {
  const zn = z.map(Number);
  if (zn.length !== x.length) return degenerate("length_mismatch", Math.min(x.length, zn.length));
  const bad = precheck(x, y, 4);
  if (bad) return bad;
  if (!allFinite(zn)) return degenerate("non_finite_input", x.length);
  const rxy = rawPearson(x, y);
  if (!Number.isFinite(rxy)) return degenerate("zero_variance", x.length);
  if (isConstant(zn)) return ok(rxy, x.length, "control is constant: equals Pearson r(x, y)");
  const rxz = rawPearson(x, zn);
  const ryz = rawPearson(y, zn);
  const den = (1 - rxz * rxz) * (1 - ryz * ryz);
  if (!Number.isFinite(rxz) || !Number.isFinite(ryz) || den < 1e-12) {
    return degenerate("collinear_with_control", x.length);
  }
  return ok(clamp((rxy - rxz * ryz) / Math.sqrt(den), -1, 1), x.length);
}
