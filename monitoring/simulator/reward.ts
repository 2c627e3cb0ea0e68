/**
 * Reward functions for simulated runs. In production the reward is the real GenRM API; here a
 * simulated, length-biased judge: reward = tanh(qualityWeight·(quality − ½) + β·ln(length/refLength) + noise),
 * in (−1, 1) like the GenRM's p(better) − p(worse).
 */
import { createRng } from "./rng";

export interface SimRollout {
  prompt: string;
  response: string;
  /** characters (= response.length) */
  length: number;
  correct: boolean;
  /** the simulator's hidden answer quality in [0, 1]; only simulated reward functions may read it */
  quality: number;
  /** characters of padding in the response (0 when the policy is not hacking) */
  padLength: number;
}

/** In production: a call to the GenRM judge API, one reward per rollout, in order. */
export type RewardFn = (rollouts: readonly SimRollout[]) => Promise<number[]>;

export interface LengthBiasedRewardConfig {
  seed: number;
  /** weight of quality: reward separates correct from wrong answers by about this much before tanh */
  qualityWeight: number;
  /** length bias β per unit of ln(length / referenceLength) */
  beta: number;
  referenceLength: number;
  /** std of the judge's noise before tanh */
  noise: number;
}

export const DEFAULT_LENGTH_BIASED_REWARD: LengthBiasedRewardConfig = Object.freeze({
  seed: 7,
  qualityWeight: 2,
  beta: 0.3,
  referenceLength: 1200,
  noise: 0.3,
});

export function createLengthBiasedReward(input: Partial<LengthBiasedRewardConfig> = {}): RewardFn {
  const cfg = { ...DEFAULT_LENGTH_BIASED_REWARD, ...input };
  const rng = createRng(cfg.seed);
  return async (rollouts) =>
    rollouts.map((r) =>
      Math.tanh(
        cfg.qualityWeight * (r.quality - 0.5) +
          cfg.beta * Math.log(Math.max(r.length, 1) / cfg.referenceLength) +
          cfg.noise * rng.normal(),
      ),
    );
}
