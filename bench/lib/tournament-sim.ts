/**
 * Simulation pieces for bench/tournament.bench.ts: candidates with latent strengths and a judge that,
 * like the product's cached GenRM, is deterministic per ordered pair: asking "is A (shown first) better
 * than B?" twice gives the same verdict, so only new pairs or the other order carry information.
 * Seeded; nothing here touches Math.random.
 */

import { Rng, seedRng, type Judge, type JudgeRequest, type VerdictProbs } from "../../tournaments/index";

/** One judge/field condition. Nothing here is given to the method under test. */
export interface Condition {
  /** Short name used in the table and the JSON. */
  name: string;
  /** Latent strengths ~ Normal(0, strengthSd). */
  strengthSd: number;
  /** Added to the latent margin of the answer shown first. */
  positionBias: number;
  /** Noise family on each ordered pair's margin: Logistic(0, 1) or Normal(0, 1). */
  noise: "logistic" | "probit";
  /** |margin| below this is a "same" verdict (a tie). */
  tieBand: number;
}

/**
 * The four conditions: together they cover both noise families, no and strong shown-first bias, and
 * narrow and wide strength spread. "Strong" bias: an equal pair is judged "first is better" ~73 % of
 * the time under logistic noise (bias 1), ~84 % under probit noise (same logit-ish units).
 */
export const CONDITIONS: Condition[] = [
  { name: "logit-nobias-wide", strengthSd: 1.5, positionBias: 0, noise: "logistic", tieBand: 0.3 },
  { name: "logit-bias-narrow", strengthSd: 0.6, positionBias: 1, noise: "logistic", tieBand: 0.3 },
  { name: "probit-nobias-narrow", strengthSd: 0.6, positionBias: 0, noise: "probit", tieBand: 0.2 },
  { name: "probit-bias-wide", strengthSd: 1.5, positionBias: 1, noise: "probit", tieBand: 0.2 },
];

export function drawStrengths(n: number, sd: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => sd * rng.normal());
}

/** A uniform in (0, 1) fixed by (key, first, second): the ordered pair's own noise draw. */
function pairUniform(key: string, first: string, second: string): number {
  const [a] = seedRng(`${key}|${first}|${second}`);
  return (a + 0.5) / 4294967296;
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9 after refinement-free use). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The verdict for one ordered pair: fixed by the condition, the trial key and the pair. */
export function verdictFor(strengths: ReadonlyMap<string, number>, c: Condition, key: string, first: string, second: string): VerdictProbs {
  const u = pairUniform(key, first, second);
  const eps = c.noise === "logistic" ? Math.log(u / (1 - u)) : normalQuantile(u);
  const margin = strengths.get(first)! - strengths.get(second)! + c.positionBias + eps;
  if (Math.abs(margin) < c.tieBand) return { better: 0, same: 1, worse: 0 };
  return margin > 0 ? { better: 1, same: 0, worse: 0 } : { better: 0, same: 0, worse: 1 };
}

/**
 * The judge one method sees in one trial, with a cache in front (as the product's JudgementCache):
 * `calls()` counts distinct ordered pairs asked, i.e. what the GenRM would really be asked.
 */
export function cachedDeterministicJudge(
  strengths: ReadonlyMap<string, number>,
  c: Condition,
  key: string,
): Judge & { calls: () => number } {
  const cache = new Map<string, VerdictProbs>();
  const judge = async (requests: readonly JudgeRequest[]): Promise<VerdictProbs[]> =>
    requests.map(({ first, second }) => {
      const k = `${first}\u0000${second}`;
      let v = cache.get(k);
      if (!v) cache.set(k, (v = verdictFor(strengths, c, key, first, second)));
      return v;
    });
  return Object.assign(judge, { calls: () => cache.size });
}
