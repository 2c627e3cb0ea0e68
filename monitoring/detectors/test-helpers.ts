/** Builders for detector tests: step summaries with chosen length, accuracy and coupling. */
import type { StepSummary } from "../metrics/step-summary";

export function summary(step: number, lengthMean: number, accuracy: number | null = 0.5, rho: number | null = 0.1, n = 64): StepSummary {
  const corr = rho === null ? { value: null, n, reason: "zero_variance" as const } : { value: rho, n };
  return {
    step,
    lengthMean,
    lengthP90: lengthMean * 1.5,
    rewardMean: 0,
    accuracy,
    sampleCount: n,
    pearson: corr,
    spearman: corr,
    partial: corr,
  };
}

/** lengths from log-length increments: L_0 = start, L_i = L_{i−1}·e^{d_i} */
export function lengthsFromIncrements(start: number, increments: number[]): number[] {
  const out = [start];
  for (const d of increments) out.push(out[out.length - 1] * Math.exp(d));
  return out;
}
