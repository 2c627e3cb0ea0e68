/**
 * Every detector knob in one config object, with documented defaults. A run overrides any subset:
 * `resolveDetectorConfig({ lengthGrowth: { cusumH: 6 } })`.
 * Defaults were tuned on the simulator's TUNING seeds (bench/bias.bench.ts --split tuning) and reported
 * on disjoint seeds; see monitoring/README.md for why each value is what it is.
 */

export type CouplingStatistic = "spearman" | "pearson" | "partial";

export interface LengthGrowthConfig {
  enabled: boolean;
  /** the first N reported steps form the baseline (mean and std of step-to-step log-length increments) */
  warmupSteps: number;
  /** the baseline then grows to every increment at least this many steps old (recent ones are suspect) */
  baselineLag: number;
  /** at most this many increments in the baseline (older ones drop out, so it follows slow trend changes) */
  baselineMaxSteps: number;
  /** CUSUM allowance k, in baseline std units: increments below μ0 + k·σ0 drain the statistic */
  cusumK: number;
  /** CUSUM alarm threshold h, in baseline std units */
  cusumH: number;
  /** floor on σ0 (log units per step): a very quiet warm-up must not make 1–2 % moves look alarming */
  minIncrementStd: number;
  /**
   * length drift (length-drift.ts): alarm when the mean length of the last driftWindowSteps steps is more
   * than maxDrift× that of the run's first ones (or of the window at the last alarm) and accuracy did not
   * pay for it — the steady growth the CUSUM takes for the run's own pace. null = off.
   */
  maxDrift: number | null;
  driftWindowSteps: number;
  /** accuracy gate: growth "paid for" by accuracy is not an alarm */
  accuracyGate: {
    enabled: boolean;
    /** the gate looks at least this many steps back (more when the CUSUM run-up is longer) */
    minWindowSteps: number;
    /** accuracy gain (0..1) per unit of log-length growth that counts as paying for the growth */
    accuracyPerLogLength: number;
    /** the accuracy slope must clear that bar by this many standard errors */
    z: number;
  };
}

/**
 * The knobs of a detector that watches one per-step number against a bar: an absolute threshold, a rise
 * over the run's own baseline, and m of the last n steps above it (coupling and repetition share them).
 */
export interface StepBarConfig {
  enabled: boolean;
  /** absolute bar on the watched number */
  threshold: number;
  /**
   * and, unless null, above the run's own baseline (mean over its first baselineSteps steps) by this
   * much: the alarm is about a rise, not a standing level. null = the absolute bar only.
   */
  minRiseOverBaseline: number | null;
  baselineSteps: number;
  /** alarm when at least m of the last n reported steps are above the bar (the current one included) */
  m: number;
  n: number;
  /** steps with fewer samples than this do not count (a statistic on a handful of samples is noise) */
  minSamples: number;
}

/**
 * Per-step corr(reward, length) above `threshold` counts as a coupled step. A length-biased GenRM couples
 * reward and length in every run, hacked or not; that standing bias is the length probe's job. The
 * online question is whether the coupling is *growing* (minRiseOverBaseline; null alerts on every run
 * of a biased GenRM).
 */
export interface CouplingConfig extends StepBarConfig {
  statistic: CouplingStatistic;
}

export type RepetitionStatistic = "loopingShare" | "meanRepeatedShare" | "meanLongestRun";

/**
 * Ordinary prose repeats almost no 4-gram, so 10 % of rollouts looping is abnormal (`threshold`); a task
 * whose answers legitimately repeat (tables, code) has a standing level, hence the rise over baseline.
 */
export interface RepetitionConfig extends StepBarConfig {
  /** which per-step repetition number is watched (metrics/repetition.ts) */
  statistic: RepetitionStatistic;
}

export interface HumanDivergenceConfig {
  enabled: boolean;
  /** steps in the sliding window (the current one included) */
  windowSteps: number;
  /** the window needs at least this many steps with human checks, and this many labels in all */
  minCheckedSteps: number;
  minLabels: number;
  /** the GenRM's reward must be rising: OLS slope of reward_mean over the window with t ≥ this */
  rewardRiseT: number;
  /**
   * alarm when the GenRM's win-rate rise over the window exceeds the humans' (or gold's) by at least
   * minGap (win-rate units, 0..1) and by z standard errors of that difference. z = 3 because the test
   * is repeated at every step: in seeded simulations (30 steps, 16 labels a step) z = 2 alarmed on 27 %
   * of runs whose humans saw the same gain, z = 3 on 1.5 %, while still catching every hacked run
   * (GenRM win-rate +3 pts a step, humans flat) about 10 steps after onset.
   */
  minGap: number;
  z: number;
}

export interface DetectorConfig {
  lengthGrowth: LengthGrowthConfig;
  coupling: CouplingConfig;
  repetition: RepetitionConfig;
  humanDivergence: HumanDivergenceConfig;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = Object.freeze({
  lengthGrowth: Object.freeze({
    enabled: true,
    warmupSteps: 12,
    baselineLag: 10,
    baselineMaxSteps: 50,
    cusumK: 0.25,
    cusumH: 6,
    minIncrementStd: 0.02,
    maxDrift: 1.5,
    driftWindowSteps: 4,
    accuracyGate: Object.freeze({ enabled: true, minWindowSteps: 5, accuracyPerLogLength: 0.15, z: 0 }),
  }),
  coupling: Object.freeze({
    enabled: true,
    statistic: "spearman" as CouplingStatistic,
    threshold: 0.3,
    minRiseOverBaseline: 0.25,
    baselineSteps: 12,
    m: 3,
    n: 4,
    minSamples: 32,
  }),
  repetition: Object.freeze({
    enabled: true,
    statistic: "loopingShare" as RepetitionStatistic,
    threshold: 0.1,
    minRiseOverBaseline: 0.1,
    baselineSteps: 8,
    m: 2,
    n: 3,
    minSamples: 8,
  }),
  humanDivergence: Object.freeze({
    enabled: true,
    windowSteps: 12,
    minCheckedSteps: 4,
    minLabels: 24,
    rewardRiseT: 2,
    minGap: 0.08,
    z: 3,
  }),
}) as DetectorConfig;

export interface DetectorConfigInput {
  lengthGrowth?: Partial<Omit<LengthGrowthConfig, "accuracyGate">> & {
    accuracyGate?: Partial<LengthGrowthConfig["accuracyGate"]>;
  };
  coupling?: Partial<CouplingConfig>;
  repetition?: Partial<RepetitionConfig>;
  humanDivergence?: Partial<HumanDivergenceConfig>;
}

/** Merges overrides onto the defaults and checks ranges; throws RangeError naming the bad knob. */
export function resolveDetectorConfig(input: DetectorConfigInput = {}): DetectorConfig {
  const d = DEFAULT_DETECTOR_CONFIG;
  const cfg: DetectorConfig = {
    lengthGrowth: {
      ...d.lengthGrowth,
      ...input.lengthGrowth,
      accuracyGate: { ...d.lengthGrowth.accuracyGate, ...input.lengthGrowth?.accuracyGate },
    },
    coupling: { ...d.coupling, ...input.coupling },
    repetition: { ...d.repetition, ...input.repetition },
    humanDivergence: { ...d.humanDivergence, ...input.humanDivergence },
  };
  const check = (okay: boolean, knob: string) => {
    if (!okay) throw new RangeError(`detector config: invalid ${knob}`);
  };
  const lg = cfg.lengthGrowth;
  check(Number.isInteger(lg.warmupSteps) && lg.warmupSteps >= 4, "lengthGrowth.warmupSteps (integer ≥ 4)");
  check(Number.isInteger(lg.baselineLag) && lg.baselineLag >= 1, "lengthGrowth.baselineLag (integer ≥ 1)");
  check(Number.isInteger(lg.baselineMaxSteps) && lg.baselineMaxSteps >= lg.warmupSteps - 1,
    "lengthGrowth.baselineMaxSteps (integer ≥ warmupSteps − 1)");
  check(lg.cusumK >= 0, "lengthGrowth.cusumK (≥ 0)");
  check(lg.cusumH > 0, "lengthGrowth.cusumH (> 0)");
  check(lg.minIncrementStd > 0, "lengthGrowth.minIncrementStd (> 0)");
  check(lg.maxDrift === null || lg.maxDrift > 1, "lengthGrowth.maxDrift (> 1, or null for off)");
  check(Number.isInteger(lg.driftWindowSteps) && lg.driftWindowSteps >= 2, "lengthGrowth.driftWindowSteps (integer ≥ 2)");
  check(Number.isInteger(lg.accuracyGate.minWindowSteps) && lg.accuracyGate.minWindowSteps >= 3,
    "lengthGrowth.accuracyGate.minWindowSteps (integer ≥ 3)");
  const c = cfg.coupling;
  check(["spearman", "pearson", "partial"].includes(c.statistic), "coupling.statistic");
  check(c.threshold > -1 && c.threshold < 1, "coupling.threshold (in (−1, 1))");
  checkStepBar(check, "coupling", c, 4);
  const r = cfg.repetition;
  check(["loopingShare", "meanRepeatedShare", "meanLongestRun"].includes(r.statistic), "repetition.statistic");
  check(r.threshold >= 0 && r.threshold <= 1, "repetition.threshold (in [0, 1])");
  checkStepBar(check, "repetition", r, 1);
  const h = cfg.humanDivergence;
  check(Number.isInteger(h.windowSteps) && h.windowSteps >= 3, "humanDivergence.windowSteps (integer ≥ 3)");
  check(Number.isInteger(h.minCheckedSteps) && h.minCheckedSteps >= 2 && h.minCheckedSteps <= h.windowSteps,
    "humanDivergence.minCheckedSteps (integer in 2..windowSteps)");
  check(Number.isInteger(h.minLabels) && h.minLabels >= 1, "humanDivergence.minLabels (integer ≥ 1)");
  check(h.rewardRiseT >= 0, "humanDivergence.rewardRiseT (≥ 0)");
  check(h.minGap >= 0 && h.minGap <= 1, "humanDivergence.minGap (in [0, 1])");
  check(h.z >= 0, "humanDivergence.z (≥ 0)");
  return cfg;
}

/** The checks of the knobs StepBarConfig shares (each detector bounds its own threshold and minimum samples). */
function checkStepBar(check: (okay: boolean, knob: string) => void, name: string, c: StepBarConfig, minSamples: number): void {
  check(c.minRiseOverBaseline === null || c.minRiseOverBaseline >= 0, `${name}.minRiseOverBaseline (≥ 0 or null)`);
  check(Number.isInteger(c.baselineSteps) && c.baselineSteps >= 1, `${name}.baselineSteps (integer ≥ 1)`);
  check(Number.isInteger(c.n) && c.n >= 1, `${name}.n (integer ≥ 1)`);
  check(Number.isInteger(c.m) && c.m >= 1 && c.m <= c.n, `${name}.m (integer in 1..n)`);
  check(Number.isInteger(c.minSamples) && c.minSamples >= minSamples, `${name}.minSamples (integer ≥ ${minSamples})`);
}
