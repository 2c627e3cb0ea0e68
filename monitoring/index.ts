/**
 * monitoring/: length-bias metrics, online detectors and a seeded RL-run simulator.
 * PURE: no I/O, imports nothing outside this folder (no Prisma, Next or genrm) — the web API, workers
 * and benches call it; it never calls them. Persisting alerts and pausing runs belong to core/ & workers/.
 */
export type { StepReport, StepMetrics, RolloutSample } from "./types";
export type { StatResult, DegenerateReason } from "./stats/result";

export { pearson, spearman, partialCorrelation } from "./metrics/correlation";
export { olsSlope, compareGrowth, type Slope, type GrowthPoint, type GrowthComparison } from "./metrics/growth";
export {
  lengthControlledWinRate,
  fitLogistic,
  type LcComparison,
  type LcOptions,
  type LcResult,
} from "./metrics/lc-win-rate";
export {
  summarizeLengthProbe,
  type ProbePair,
  type ProbeAnswer,
  type ProbeVerdict,
  type LengthProbeSummary,
} from "./metrics/length-probe";
export {
  computeStepMetrics,
  stepMetricsFromColumns,
  summarizeStep,
  type StepSummary,
  type ScoredRollout,
  type HumanCheck,
} from "./metrics/step-summary";
export {
  repetitionScore,
  summarizeRepetition,
  DEFAULT_REPETITION_OPTIONS,
  LOOPING_SAMPLE_SHARE,
  type RepetitionScore,
  type RepetitionOptions,
  type StepRepetition,
} from "./metrics/repetition";

export type { Alert, DetectorName } from "./detectors/alert";
export {
  DEFAULT_DETECTOR_CONFIG,
  resolveDetectorConfig,
  type DetectorConfig,
  type DetectorConfigInput,
  type LengthGrowthConfig,
  type CouplingConfig,
  type CouplingStatistic,
  type RepetitionConfig,
  type RepetitionStatistic,
  type HumanDivergenceConfig,
} from "./detectors/config";
export { detectLengthGrowth, type LengthGrowthResult, type CusumTracePoint } from "./detectors/length-growth";
export { detectLengthDrift } from "./detectors/length-drift";
export { detectRewardLengthCoupling } from "./detectors/reward-length-coupling";
export { detectRepetitionLoop } from "./detectors/repetition-loop";
export { detectHumanDivergence } from "./detectors/human-divergence";
export { createBiasMonitor, evaluateDetectors, type BiasMonitor } from "./detectors/monitor";

export {
  DEFAULT_SIMULATOR_CONFIG,
  resolveSimulatorConfig,
  type SimulatorConfig,
  type SimulatorConfigInput,
  type HackConfig,
  type LearningConfig,
  type AccuracyJump,
} from "./simulator/config";
export { policyTrajectory, type PolicyState } from "./simulator/policy";
export { simulateLearningSteps, type LearnerState, type LearnedStep } from "./simulator/reward-driven";
export {
  createLengthBiasedReward,
  DEFAULT_LENGTH_BIASED_REWARD,
  type LengthBiasedRewardConfig,
  type RewardFn,
  type SimRollout,
} from "./simulator/reward";
export { simulateSteps, simulateRun, type SimulatedStep } from "./simulator/simulate-run";
export { createRng, type Rng } from "./simulator/rng";
export type { PromptSource } from "./simulator/text";
