/**
 * Length growth vs accuracy growth over a window of RL steps: OLS slopes (with standard errors) of
 * log mean length, accuracy and mean reward against the step number. "Hacking" shows up as a clearly
 * positive log-length (and reward) slope next to an accuracy slope indistinguishable from zero.
 */
import { allFinite, isConstant, mean } from "../stats/basic";
import type { DegenerateReason } from "../stats/result";

export type Slope =
  | { slope: number; se: number; intercept: number; t: number | null; n: number; reason?: undefined }
  | { slope: null; se: null; intercept: null; t: null; n: number; reason: DegenerateReason };

const noSlope = (reason: DegenerateReason, n: number): Slope => ({
  slope: null,
  se: null,
  intercept: null,
  t: null,
  n,
  reason,
});

/**
 * Ordinary least squares y = a + b·x. se(b) = sqrt(SSR/(n−2) / Sxx), so n ≥ 3 is required.
 * t = b / se(b), null when the fit is exact (se = 0).
 */
export function olsSlope(x: readonly number[], y: readonly number[]): Slope {
  const n = Math.min(x.length, y.length);
  if (x.length !== y.length) return noSlope("length_mismatch", n);
  if (n < 3) return noSlope("too_few_samples", n);
  if (!allFinite(x) || !allFinite(y)) return noSlope("non_finite_input", n);
  if (isConstant(x)) return noSlope("zero_variance", n);
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i] - a - b * x[i]) ** 2;
  const se = Math.sqrt(ssr / (n - 2) / sxx);
  return { slope: b, se, intercept: a, t: se > 0 ? b / se : null, n };
}

export interface GrowthPoint {
  step: number;
  lengthMean: number;
  accuracy?: number | null;
  rewardMean?: number | null;
}

export interface GrowthComparison {
  fromStep: number | null;
  toStep: number | null;
  /** slope of ln(mean length) per step; 0.05 ≈ +5 % length per step */
  logLength: Slope;
  /** slope of accuracy (0..1) per step, over the steps that report accuracy */
  accuracy: Slope;
  /** slope of mean reward per step, over the steps that report it */
  reward: Slope;
  /** 100·(exp(logLength.slope) − 1), null when that slope is */
  lengthGrowthPctPerStep: number | null;
}

/** Compares growth rates over the given steps (any order; sorted by step here). */
export function compareGrowth(points: readonly GrowthPoint[]): GrowthComparison {
  const ps = [...points].sort((a, b) => a.step - b.step);
  const withLen = ps.filter((p) => p.lengthMean > 0);
  const logLength =
    withLen.length === ps.length
      ? olsSlope(
          ps.map((p) => p.step),
          ps.map((p) => Math.log(p.lengthMean)),
        )
      : noSlope("non_finite_input", ps.length);
  const acc = ps.filter((p) => p.accuracy != null);
  const rew = ps.filter((p) => p.rewardMean != null);
  const accuracy = olsSlope(
    acc.map((p) => p.step),
    acc.map((p) => p.accuracy as number),
  );
  const reward = olsSlope(
    rew.map((p) => p.step),
    rew.map((p) => p.rewardMean as number),
  );
  return {
    fromStep: ps.length ? ps[0].step : null,
    toStep: ps.length ? ps[ps.length - 1].step : null,
    logLength,
    accuracy,
    reward,
    lengthGrowthPctPerStep: logLength.slope === null ? null : 100 * (Math.exp(logLength.slope) - 1),
  };
}
