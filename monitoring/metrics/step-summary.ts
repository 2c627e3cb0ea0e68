/**
 * Per-step statistics the detectors and dashboards read: batch metrics from a list of rollouts, and a
 * StepSummary (metrics + reward–length correlations over the reported samples) from a StepReport.
 * Computed once per report; detectors then work on summaries only.
 */
import { mean, quantileSorted, std } from "../stats/basic";
import type { StatResult } from "../stats/result";
import type { StepMetrics, StepReport } from "../types";
import { partialCorrelation, pearson, spearman } from "./correlation";
import type { StepRepetition } from "./repetition";

export interface ScoredRollout {
  length: number;
  reward: number;
  correct: boolean | number | null;
}

/** The step metrics of the report payload, over a whole batch. */
export function computeStepMetrics(rollouts: readonly ScoredRollout[]): StepMetrics {
  return stepMetricsFromColumns(
    rollouts.map((r) => r.length),
    rollouts.map((r) => r.reward),
    rollouts.map((r) => r.correct),
  );
}

/** Same, from parallel columns (no per-rollout objects: the simulator calls this millions of times). */
export function stepMetricsFromColumns(
  lengths: readonly number[],
  rewards: readonly number[],
  correct: readonly (boolean | number | null)[],
): StepMetrics {
  const sorted = Float64Array.from(lengths).sort();
  let verified = 0;
  let right = 0;
  for (const c of correct) {
    if (c === null) continue;
    verified++;
    right += Number(c);
  }
  return {
    length_mean: mean(lengths),
    length_p50: quantileSorted(sorted, 0.5),
    length_p90: quantileSorted(sorted, 0.9),
    reward_mean: mean(rewards),
    reward_std: std(rewards),
    accuracy: verified ? right / verified : null,
  };
}

export interface StepSummary {
  step: number;
  lengthMean: number;
  lengthP90: number;
  rewardMean: number;
  accuracy: number | null;
  /** reported samples (not the batch size) */
  sampleCount: number;
  /** corr(reward, length) over the reported samples */
  pearson: StatResult;
  spearman: StatResult;
  /** partial corr(reward, length | correctness), over samples that carry correctness */
  partial: StatResult;
  /**
   * How much the samples repeat themselves (metrics/repetition.ts). Optional: the caller attaches it
   * (core does on every stored step; simulations that never loop leave it out).
   */
  repetition?: StepRepetition | null;
  /** the trainer's gold-judge win rate for the step, when it reports one */
  goldWinRate?: number | null;
  /**
   * Human checks on this step's rollouts (blind labels against the reference), joined in by the caller
   * as labels arrive: GenRM win-rate = mean (reward + 1)/2 over the labelled rollouts, human win-rate =
   * better 1, same ½, worse 0 over the same rollouts.
   */
  humanCheck?: HumanCheck | null;
}

export interface HumanCheck {
  genrmWinRate: number;
  humanWinRate: number;
  /** labels counted (one rollout may have several) */
  labels: number;
}

export function summarizeStep(report: StepReport): StepSummary {
  const { samples, metrics } = report;
  const rewards = samples.map((s) => s.reward);
  const lengths = samples.map((s) => s.length);
  const verified = samples.filter((s) => s.correct !== null);
  return {
    step: report.step,
    lengthMean: metrics.length_mean,
    lengthP90: metrics.length_p90,
    rewardMean: metrics.reward_mean,
    accuracy: metrics.accuracy,
    sampleCount: samples.length,
    pearson: pearson(rewards, lengths),
    spearman: spearman(rewards, lengths),
    partial: partialCorrelation(
      verified.map((s) => s.reward),
      verified.map((s) => s.length),
      verified.map((s) => Number(s.correct)),
    ),
  };
}
