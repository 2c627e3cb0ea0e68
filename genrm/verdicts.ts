/**
 * Verdict arithmetic: validating distributions, argmax, reward, mirroring, and mapping human pairwise
 * labels onto the three verdicts. Pure functions only; backends and callers build on these.
 * Not here: anything that calls a model (see debias.ts, backends/).
 */
import { VERDICTS, type Verdict, type VerdictProbs } from "./types";

/** Who won a pairwise A-vs-B comparison, as a human labelled it. */
export type PairwiseWinner = "a" | "b" | "tie";

/** Default tolerance for "sums to 1" checks: float noise from softmax and averaging stays far below it. */
export const PROB_TOLERANCE = 1e-6;

const MIRROR: Record<Verdict, Verdict> = { better: "worse", same: "same", worse: "better" };

/** better ↔ worse; same stays. An involution: mirrorVerdict(mirrorVerdict(v)) === v. */
export function mirrorVerdict(v: Verdict): Verdict {
  return MIRROR[v];
}

/** The distribution seen from the other side (candidate and reference swapped). An involution. */
export function mirrorProbs(p: VerdictProbs): VerdictProbs {
  return { better: p.worse, same: p.same, worse: p.better };
}

/** True when every entry is finite and in [0, 1] and the entries sum to 1 within `tolerance`. */
export function isValidProbs(p: VerdictProbs, tolerance = PROB_TOLERANCE): boolean {
  let sum = 0;
  for (const v of VERDICTS) {
    const x = p[v];
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1 + tolerance) return false;
    sum += x;
  }
  return Math.abs(sum - 1) <= tolerance;
}

/**
 * Rescales non-negative weights to sum to 1. Throws RangeError on NaN, infinities, negatives or an
 * all-zero input: a backend that produces those is broken, and silently guessing would hide it.
 */
export function normalizeProbs(p: VerdictProbs): VerdictProbs {
  let sum = 0;
  for (const v of VERDICTS) {
    const x = p[v];
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
      throw new RangeError(`probability for "${v}" must be a finite non-negative number, got ${String(x)}`);
    }
    sum += x;
  }
  if (sum <= 0) throw new RangeError("probabilities sum to 0");
  return { better: p.better / sum, same: p.same / sum, worse: p.worse / sum };
}

/** Numerically stable log(Σ exp(xᵢ)); -Infinity for an empty list. */
export function logSumExp(xs: readonly number[]): number {
  if (xs.length === 0) return -Infinity;
  const m = Math.max(...xs);
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/**
 * Softmax over the verdicts that have a log-probability; missing verdicts get probability 0.
 * Throws RangeError when none is present (callers decide the fallback).
 */
export function probsFromLogprobs(lp: Partial<Record<Verdict, number>>): VerdictProbs {
  const present = VERDICTS.filter((v) => typeof lp[v] === "number" && !Number.isNaN(lp[v]));
  if (present.length === 0) throw new RangeError("no verdict log-probability present");
  const m = Math.max(...present.map((v) => lp[v]!));
  if (!Number.isFinite(m)) throw new RangeError("verdict log-probabilities are not finite");
  const w = { better: 0, same: 0, worse: 0 };
  for (const v of present) w[v] = Math.exp(lp[v]! - m);
  return normalizeProbs(w);
}

/** A one-hot distribution on `v`. */
export function oneHot(v: Verdict): VerdictProbs {
  return { better: v === "better" ? 1 : 0, same: v === "same" ? 1 : 0, worse: v === "worse" ? 1 : 0 };
}

/** Differences below this count as ties in argmaxVerdict (absorbs float noise from averaging). */
export const TIE_EPSILON = 1e-12;

/**
 * The most probable verdict. Tie-break (chosen so that argmax commutes with mirroring, which the
 * consistency check relies on): "same" wins every tie it is part of, and a better/worse tie above
 * "same" also resolves to "same" — the neutral verdict, matching its reward of 0.
 */
export function argmaxVerdict(p: VerdictProbs): Verdict {
  const { better, same, worse } = p;
  if (better > worse + TIE_EPSILON && better > same + TIE_EPSILON) return "better";
  if (worse > better + TIE_EPSILON && worse > same + TIE_EPSILON) return "worse";
  return "same";
}

/** Expected score with better=+1, same=0, worse=−1: p(better) − p(worse), clamped to [−1, 1]. */
export function rewardFromProbs(p: VerdictProbs): number {
  const r = p.better - p.worse;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** Reward rescaled to [0, 1] (OpenRLHF `scores`): (reward + 1) / 2. */
export function scoreFromReward(reward: number): number {
  return (reward + 1) / 2;
}

export interface PairwiseMappingOptions {
  /**
   * Preferences whose strength (in [0, 1]) is below this become "same". Default 0: every non-tie
   * preference keeps its direction.
   */
  sameBelowStrength?: number;
}

function checkStrength(strength: number | undefined): number {
  const s = strength ?? 1;
  if (!Number.isFinite(s) || s < 0 || s > 1) throw new RangeError(`strength must be in [0, 1], got ${String(strength)}`);
  return s;
}

/**
 * The verdict for `a` as candidate with `b` as reference (or the mirror for `perspective: "b"`):
 * a wins → better, b wins → worse, tie → same. `strength` is in [0, 1] (1 = clear preference, the default).
 */
export function pairwiseToVerdict(
  winner: PairwiseWinner,
  strength?: number,
  perspective: "a" | "b" = "a",
  options: PairwiseMappingOptions = {},
): Verdict {
  const s = checkStrength(strength);
  let v: Verdict = winner === "a" ? "better" : winner === "b" ? "worse" : "same";
  if (v !== "same" && s < (options.sameBelowStrength ?? 0)) v = "same";
  return perspective === "a" ? v : mirrorVerdict(v);
}

/**
 * A soft target for `a` as candidate: a preference of strength s puts s on its direction and 1 − s on
 * "same"; a tie is all "same". Useful for calibration against graded labels.
 */
export function pairwiseToProbs(winner: PairwiseWinner, strength?: number, perspective: "a" | "b" = "a"): VerdictProbs {
  const s = checkStrength(strength);
  const p: VerdictProbs =
    winner === "tie" ? oneHot("same") : winner === "a" ? { better: s, same: 1 - s, worse: 0 } : { better: 0, same: 1 - s, worse: s };
  return perspective === "a" ? p : mirrorProbs(p);
}
