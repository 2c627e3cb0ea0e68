/**
 * What a recalibration found and decided, stored in Recalibration.outcome (with the error, when one
 * failed it) and shown on the dashboard: before (the run's version) and after (the retrained one) on the SAME held-out labels and
 * the SAME length probe, the acceptance rule's verdict and what the training data was made of.
 */
import type { Diagnosis } from "./diagnosis";

export interface ProbeNumbers {
  /** pairs in the probe (same content, one padded) */
  n: number;
  /** share of pairs where the padded answer was judged "better" than the original (0 = unbiased) */
  longerBetterShare: number | null;
  /** Pearson corr(reward, length) over both answers of every pair */
  corr: number | null;
  /** mean reward(padded) − reward(original) */
  meanRewardGap: number | null;
}

export interface ModelEvalNumbers {
  modelId: string;
  version: number;
  name: string;
  /**
   * accuracy (0..1) on the length-balanced held-out human labels (argmax verdict = label verdict;
   * balanced-heldout.ts): what the acceptance rule compares
   */
  heldOutAccuracy: number | null;
  heldOutN: number;
  /** the same on all held-out labels (the version's Evaluation), shown beside it */
  heldOutAccuracyAll?: number | null;
  heldOutNAll?: number;
  probe: ProbeNumbers;
  /** the same on the run's recent rollouts, plain and padded the way its policy pads (a run's recalibration) */
  runProbe?: ProbeNumbers;
}

export interface AcceptanceRule {
  /** the probe's corr(reward, length) must fall by at least this share (0.5 = halve) */
  minProbeCorrDrop: number;
  /** held-out accuracy may fall by at most this many points (0..100 scale) */
  maxAccuracyLossPts: number;
}

export const DEFAULT_ACCEPTANCE: AcceptanceRule = { minProbeCorrDrop: 0.5, maxAccuracyLossPts: 2 };

export interface Decision {
  accepted: boolean;
  /** one line per check, pass or fail, with the numbers */
  checks: {
    name: string;
    passed: boolean;
    detail: string;
    /** what to try when it failed, where the generic advice would mislead */
    advice?: string;
    /** the version in use shows no coupling to halve: no stronger recalibration can pass this check */
    nothingToHalve?: boolean;
  }[];
}

export interface TrainingDataNumbers {
  labels: number;
  /** counterfactual answers per kept label this candidate was trained with */
  counterfactualPerLabel?: number;
  /** labels dropped so that, per verdict, longer and shorter winners are equally common */
  droppedForBalance: number;
  counterfactualPairs: number;
  /** distinct paddings of the run's policy the counterfactual pairs and label copies were padded with */
  runPaddings?: number;
  /** labels copied with the candidate padded the run's way and the verdict kept */
  paddedLabelCopies?: number;
  rows: number;
  heldOutLabels: number;
}

export interface RecalibrationOutcome {
  /** measured first: does the run's GenRM pay for length on the run's own rollouts (diagnosis.ts) */
  diagnosis?: Diagnosis;
  /** what to try next, one line per failed check (rejected) */
  advice?: string[];
  before?: ModelEvalNumbers;
  after?: ModelEvalNumbers;
  /** (corr_before − corr_after) / |corr_before|, on the probe the decision used */
  probeCorrDrop?: number | null;
  /** which probe's corr the decision used: the run's (its policy's own padding) or the fixed one */
  probeUsed?: "run" | "fixed";
  /** 100·(acc_after − acc_before) */
  accuracyDeltaPts?: number | null;
  decision?: Decision;
  data?: TrainingDataNumbers;
  rule?: AcceptanceRule;
  error?: string;
  /** candidates tried before the current one (a gentler strength that still paid for length), oldest first */
  earlier?: EarlierCandidate[];
  /** which of build-data.ts recipesFor the current candidate is trained with (0 when absent) */
  recipeIndex?: number;
}

/** A rejected candidate of the same recalibration, kept with its numbers when a stronger one is tried. */
export interface EarlierCandidate {
  trainingRunId: string;
  modelId: string;
  data?: TrainingDataNumbers;
  after?: ModelEvalNumbers;
  decision: Decision;
}
