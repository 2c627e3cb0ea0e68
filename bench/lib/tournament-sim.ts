/**
 * Simulation pieces for bench/tournament.bench.ts: candidates with Bradley-Terry log-strengths and a
 * noisy, position-biased judge. Seeded; nothing here touches Math.random.
 */

import { Rng, type Judge, type VerdictProbs } from "../../tournaments/index";

export interface SimParams {
  /** Log-strengths ~ Normal(0, strengthSd). */
  strengthSd: number;
  /** Logit bonus for the answer shown first. */
  positionBias: number;
  /** Scale of the logistic noise on each judgement's logit (1 = plain Bradley-Terry). */
  noiseScale: number;
}

export function drawStrengths(n: number, sd: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => sd * rng.normal());
}

/**
 * Each judgement: first judged better iff (s_first − s_second + positionBias + noiseScale·ε) > 0,
 * ε ~ Logistic(0, 1), i.e. P(first better) = σ((Δ + bias) / scale). Returns a one-hot verdict; counts
 * every judgement made.
 */
export function simulatedJudge(
  strengths: ReadonlyMap<string, number>,
  p: SimParams,
  rng: Rng,
): Judge & { calls: () => number } {
  let calls = 0;
  const judge = async (requests: readonly { first: string; second: string }[]): Promise<VerdictProbs[]> => {
    calls += requests.length;
    return requests.map(({ first, second }) => {
      const u = rng.next();
      const eps = Math.log(u / (1 - u)) || 0;
      const z = strengths.get(first)! - strengths.get(second)! + p.positionBias + p.noiseScale * eps;
      return z > 0 ? { better: 1, same: 0, worse: 0 } : { better: 0, same: 0, worse: 1 };
    });
  };
  return Object.assign(judge, { calls: () => calls });
}
