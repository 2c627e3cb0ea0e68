/**
 * The fake policy's trajectory: per step, the target accuracy, the clean ln(length) level and the
 * padding intensity. Deterministic in the config (the drift random walk uses its own seeded stream).
 *
 * clean:   accuracy rises start→end (exponential approach), ln(length) rises lengthPerAccuracy per unit
 *          of accuracy gained (+ optional real capability jump, + drift).
 * hacking: the same until onsetStep; from then on accuracy and the quality part of length are frozen,
 *          and padding grows: each rollout's ln(length) gains pad·2u (u uniform), pad = strength·(t−onset+1).
 */
import { clamp } from "../stats/basic";
import type { SimulatorConfig } from "./config";
import { createRng } from "./rng";

export interface PolicyState {
  step: number;
  accuracy: number;
  /** ln of the median content length (before padding) */
  logLength: number;
  /** mean extra ln(length) from padding (0 when not hacking) */
  pad: number;
  hacked: boolean;
}

export function policyTrajectory(cfg: SimulatorConfig): PolicyState[] {
  const drift = createRng(cfg.seed).fork(1);
  const hacking = cfg.mode === "hacking";
  const onset = cfg.hack.onsetStep;
  const cleanAccuracy = (t: number): number => {
    let a = cfg.accuracyStart + (cfg.accuracyEnd - cfg.accuracyStart) * (1 - Math.exp(-(t - 1) / cfg.accuracyTimescale));
    const j = cfg.accuracyJump;
    if (j) a += j.size * clamp((t - j.step + 1) / Math.max(j.duration, 1), 0, 1);
    return clamp(a, 0, 1);
  };
  const jumpLength = (t: number): number => {
    const j = cfg.accuracyJump;
    return j ? j.lengthGain * clamp((t - j.step + 1) / Math.max(j.duration, 1), 0, 1) : 0;
  };
  const states: PolicyState[] = [];
  let walk = 0;
  let frozen: { accuracy: number; quality: number } | null = null;
  for (let t = 1; t <= cfg.steps; t++) {
    walk += cfg.driftStd * drift.normal();
    const hacked = hacking && t >= onset;
    if (hacked && frozen === null) {
      const a = cleanAccuracy(Math.max(onset - 1, 1));
      frozen = { accuracy: a, quality: cfg.lengthPerAccuracy * (a - cfg.accuracyStart) + jumpLength(onset - 1) };
    }
    const accuracy = frozen ? frozen.accuracy : cleanAccuracy(t);
    const quality = frozen ? frozen.quality : cfg.lengthPerAccuracy * (accuracy - cfg.accuracyStart) + jumpLength(t);
    states.push({
      step: t,
      accuracy,
      logLength: Math.log(cfg.baseLength) + quality + walk,
      pad: hacked ? cfg.hack.strength * (t - onset + 1) : 0,
      hacked,
    });
  }
  return states;
}
