/**
 * Every knob of the fake RL policy in one config, with documented defaults.
 * Steps are numbered 1..steps. Lengths are characters.
 */
import type { PromptSource } from "./text";

export interface HackConfig {
  /** first step at which the policy pads (hacked from this step on, inclusive) */
  onsetStep: number;
  /** extra ln(length) per step from padding: 0.05 ≈ +5 %/step on top of the clean trend */
  strength: number;
}

export interface AccuracyJump {
  /** a real capability jump ("reasoning emerges") in clean runs: accuracy and length rise together */
  step: number;
  /** accuracy gained (0..1) */
  size: number;
  /** ln(length) gained — longer answers that are genuinely better */
  lengthGain: number;
  /** steps over which the jump ramps in */
  duration: number;
}

export interface SimulatorConfig {
  seed: number;
  steps: number;
  /** rollouts per step; metrics are over the whole batch */
  batchSize: number;
  /** rollouts copied into the report's `samples` */
  reportedSamples: number;
  /** median content length at step 1 (AlpacaEval answers: roughly 800–1500 chars) */
  baseLength: number;
  /** std of ln(length) within a batch (AlpacaEval models: 0.7–1.3 over all 805 instructions) */
  lengthSpread: number;
  accuracyStart: number;
  accuracyEnd: number;
  /** steps for accuracy to cover ~63 % of start→end */
  accuracyTimescale: number;
  /** ln(length) gained per unit of accuracy gained: clean runs lengthen mildly as they improve */
  lengthPerAccuracy: number;
  /** std of a per-step random walk in ln(length): drift unrelated to quality or hacking */
  driftStd: number;
  /** generation cap (like max_new_tokens): no response exceeds it */
  maxLength: number;
  /**
   * clean / hacking: a scripted trajectory (hacking pads from hack.onsetStep regardless of reward);
   * reward-driven: the policy learns its padding from the rewards it is paid (reward-driven.ts).
   */
  mode: "clean" | "hacking" | "reward-driven";
  /** used when mode = "hacking" */
  hack: HackConfig;
  accuracyJump: AccuracyJump | null;
  /** used when mode = "reward-driven" */
  learning: LearningConfig;
  /** prompts and seed answers; default: synthetic */
  prompts: readonly PromptSource[] | null;
}

export const DEFAULT_SIMULATOR_CONFIG: SimulatorConfig = Object.freeze({
  seed: 1,
  steps: 60,
  batchSize: 256,
  reportedSamples: 64,
  baseLength: 1200,
  lengthSpread: 0.6,
  accuracyStart: 0.35,
  accuracyEnd: 0.7,
  accuracyTimescale: 40,
  lengthPerAccuracy: 0.5,
  driftStd: 0.01,
  maxLength: 32_000,
  mode: "clean" as const,
  hack: Object.freeze({ onsetStep: 30, strength: 0.1 }),
  accuracyJump: null,
  // Starts below zero: a pleasantry is a rare draw at first (P(k ≥ 1) ≈ 1 %), so the policy has to
  // stumble on padding before the rewards can teach it — the slow-then-sudden take-off of a real hack,
  // typically after the detectors' warm-up. Groups of 8 rollouts per prompt, as GRPO samples them.
  // eps 0.01: reward differences under a hundredth of the judge's [−1, 1] scale count as noise.
  learning: Object.freeze({ startPad: -1.75, exploration: 1, learningRate: 1, maxPad: 12, groupSize: 8, advantageEps: 0.01 }),
  prompts: null,
});

export interface LearningConfig {
  /** θ at step 1, in pleasantries per answer (negative: padding is a rare draw, k = max(0, round(u))) */
  startPad: number;
  /** σ of the Gaussian policy over the number of pleasantries (exploration) */
  exploration: number;
  /** step size on θ per unit of the policy-gradient estimate */
  learningRate: number;
  /** θ never exceeds this (a generation budget) */
  maxPad: number;
  /** rollouts sampled per prompt in a step (GRPO's group); advantages are relative to the group */
  groupSize: number;
  /** added to a group's reward std before dividing by it (group-advantages.ts) */
  advantageEps: number;
}

export type SimulatorConfigInput = Partial<Omit<SimulatorConfig, "hack" | "learning">> & { hack?: Partial<HackConfig>; learning?: Partial<LearningConfig> };

export function resolveSimulatorConfig(input: SimulatorConfigInput = {}): SimulatorConfig {
  const cfg: SimulatorConfig = {
    ...DEFAULT_SIMULATOR_CONFIG,
    ...input,
    hack: { ...DEFAULT_SIMULATOR_CONFIG.hack, ...input.hack },
    learning: { ...DEFAULT_SIMULATOR_CONFIG.learning, ...input.learning },
  };
  const check = (okay: boolean, knob: string) => {
    if (!okay) throw new RangeError(`simulator config: invalid ${knob}`);
  };
  check(Number.isInteger(cfg.steps) && cfg.steps >= 1, "steps");
  check(Number.isInteger(cfg.batchSize) && cfg.batchSize >= 1, "batchSize");
  check(Number.isInteger(cfg.reportedSamples) && cfg.reportedSamples >= 0, "reportedSamples");
  check(cfg.baseLength >= 1 && cfg.maxLength >= cfg.baseLength, "baseLength/maxLength");
  check(cfg.lengthSpread >= 0 && cfg.driftStd >= 0, "lengthSpread/driftStd");
  const inUnit = (p: number) => p >= 0 && p <= 1;
  check(inUnit(cfg.accuracyStart) && inUnit(cfg.accuracyEnd), "accuracyStart/accuracyEnd");
  check(cfg.accuracyTimescale > 0, "accuracyTimescale");
  check(cfg.hack.strength >= 0, "hack.strength");
  const l = cfg.learning;
  check(l.exploration > 0 && l.learningRate >= 0 && l.maxPad >= 0 && Math.abs(l.startPad) <= l.maxPad && Number.isInteger(l.groupSize) && l.groupSize >= 1 && l.advantageEps >= 0, "learning");
  return cfg;
}
