/**
 * Derived per-step statistics, computed once when a step arrives and stored in RlStep.derived:
 * monitoring's StepSummary (reward–length correlations and repetition over the samples) plus the AlpacaEval-style
 * length-controlled win rate of the step's answers against the prompts' references.
 * Pure: the caller supplies reference lengths. Detectors later read summaries back via `toSummary`.
 */
import {
  lengthControlledWinRate,
  summarizeRepetition,
  summarizeStep,
  type StatResult,
  type StepSummary,
} from "../../monitoring/index";
import type { PostStepInput } from "./step-input";

export interface LcStat {
  value: number | null;
  raw: number | null;
  n: number;
  reason?: string;
}

export interface StepDerived {
  summary: StepSummary;
  lc: LcStat;
  /** "accuracy" or "gold_win_rate": which metric the detectors used as accuracy */
  accuracySource: "accuracy" | "gold_win_rate" | null;
  payloadHash: string;
}

export const sampleLength = (s: { response: string; length?: number }) => s.length ?? s.response.length;

export function deriveStep(input: PostStepInput, referenceLength: (prompt: string) => number | undefined, payloadHash: string): StepDerived {
  const accuracy = input.metrics.accuracy ?? input.metrics.gold_win_rate ?? null;
  const accuracySource = input.metrics.accuracy != null ? "accuracy" : input.metrics.gold_win_rate != null ? "gold_win_rate" : null;
  const base = summarizeStep({
    step: input.step,
    metrics: {
      length_mean: input.metrics.length_mean,
      length_p50: input.metrics.length_p50,
      length_p90: input.metrics.length_p90,
      reward_mean: input.metrics.reward_mean,
      reward_std: input.metrics.reward_std,
      accuracy,
    },
    samples: input.samples.map((s) => ({
      prompt: s.prompt,
      response: s.response,
      reward: s.reward,
      length: sampleLength(s),
      correct: s.correct ?? null,
    })),
  });
  // Repetition is scored here, once per stored step (linear, each text capped), so the degenerate-loop
  // detector reads it from the summary like every other statistic.
  const summary = {
    ...base,
    repetition: summarizeRepetition(input.samples.map((s) => s.response)),
    goldWinRate: input.metrics.gold_win_rate ?? null,
  };
  // LC win rate: the reward is p(better) − p(worse) against the reference, so
  // P(policy preferred) = p(better) + ½·p(same) = (reward + 1)/2. Rewards outside [−1, 1] (a trainer's
  // own shaping) cannot be read as preferences: they are left out.
  const comparisons = input.samples.flatMap((s) => {
    const ref = s.reference_length ?? referenceLength(s.prompt);
    if (ref === undefined || s.reward < -1 || s.reward > 1) return [];
    return [{ modelLength: sampleLength(s), baselineLength: ref, preference: (s.reward + 1) / 2 }];
  });
  const fit = lengthControlledWinRate(comparisons);
  const lc: LcStat =
    fit.lcWinRate === null
      ? { value: null, raw: fit.rawWinRate, n: fit.n, reason: fit.reason }
      : { value: fit.lcWinRate, raw: fit.rawWinRate, n: fit.n };
  return { summary, lc, accuracySource, payloadHash };
}

const isStat = (x: unknown): x is StatResult =>
  typeof x === "object" && x !== null && "n" in x && ("value" in x) && (typeof (x as StatResult).value === "number" || (x as StatResult).value === null);

/** The StepSummary stored in RlStep.derived (null when the row predates it or is malformed). */
export function toSummary(derived: unknown): StepSummary | null {
  const s = (derived as { summary?: StepSummary } | null)?.summary;
  if (!s || typeof s.step !== "number" || !isStat(s.pearson) || !isStat(s.spearman) || !isStat(s.partial)) return null;
  return s;
}
