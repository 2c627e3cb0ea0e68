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

export interface CouplingConfig {
  enabled: boolean;
  statistic: CouplingStatistic;
  /** per-step corr(reward, length) above this counts as a coupled step */
  threshold: number;
  /**
   * and, unless null, above the run's own baseline (mean over its first baselineSteps steps) by this
   * much. A length-biased GenRM couples reward and length in every run, hacked or not; that standing
   * bias is the length probe's job. The online question is whether the coupling is *growing*.
   * null = absolute threshold only (alerts on every run of a biased GenRM).
   */
  minRiseOverBaseline: number | null;
  baselineSteps: number;
  /** alarm when at least m of the last n reported steps are coupled (the current one included) */
  m: number;
  n: number;
  /** steps with fewer samples than this do not count (a correlation on 10 samples is noise) */
  minSamples: number;
}

export interface DetectorConfig {
  lengthGrowth: LengthGrowthConfig;
  coupling: CouplingConfig;
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
}) as DetectorConfig;

export interface DetectorConfigInput {
  lengthGrowth?: Partial<Omit<LengthGrowthConfig, "accuracyGate">> & {
    accuracyGate?: Partial<LengthGrowthConfig["accuracyGate"]>;
  };
  coupling?: Partial<CouplingConfig>;
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
  check(Number.isInteger(lg.accuracyGate.minWindowSteps) && lg.accuracyGate.minWindowSteps >= 3,
    "lengthGrowth.accuracyGate.minWindowSteps (integer ≥ 3)");
  const c = cfg.coupling;
  check(["spearman", "pearson", "partial"].includes(c.statistic), "coupling.statistic");
  check(c.threshold > -1 && c.threshold < 1, "coupling.threshold (in (−1, 1))");
  check(c.minRiseOverBaseline === null || c.minRiseOverBaseline >= 0, "coupling.minRiseOverBaseline (≥ 0 or null)");
  check(Number.isInteger(c.baselineSteps) && c.baselineSteps >= 1, "coupling.baselineSteps (integer ≥ 1)");
  check(Number.isInteger(c.n) && c.n >= 1, "coupling.n (integer ≥ 1)");
  check(Number.isInteger(c.m) && c.m >= 1 && c.m <= c.n, "coupling.m (integer in 1..n)");
  check(Number.isInteger(c.minSamples) && c.minSamples >= 4, "coupling.minSamples (integer ≥ 4)");
  return cfg;
}
