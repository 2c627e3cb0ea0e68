/**
 * AlpacaEval-2-style length-controlled (LC) win rate of one policy against a baseline.
 *
 * Per policy, a logistic GLM (AlpacaEval 2's length-controlled win rate):
 *   logit P(policy preferred) = w_len·tanh(Δlen/σ) + w_diff·γ_x + w_ng        (no other intercept)
 * with Δlen = baseline length − policy length in characters, σ = sample std of Δlen over the policy's
 * comparisons, γ_x the instruction's difficulty and w_ng the "not gamed baseline" term.
 * LC = 100 · mean_x σ(w_ng + w_diff·γ_x): the predicted win rate had both answers been equally long.
 * Without known difficulties the simplified form drops γ: LC = 100 · σ(w_ng).
 *
 * Fitted by Newton/IRLS with a small L2 penalty (keeps weights finite when outcomes are separable).
 * Soft preferences in [0, 1] (e.g. a judge's probability) are allowed, as in AlpacaEval.
 */
import { mean, sigmoid, solveLinear, std } from "../stats/basic";
import type { DegenerateReason } from "../stats/result";

export interface LcComparison {
  /** length of the policy's answer, in characters */
  modelLength: number;
  /** length of the baseline's answer to the same instruction, in characters */
  baselineLength: number;
  /** P(policy's answer preferred over the baseline's) in [0, 1]: 1 = win, 0 = loss, 0.5 = tie */
  preference: number;
  /** γ_x, the instruction's difficulty (e.g. AlpacaEval's precomputed column); omit when unknown */
  instructionDifficulty?: number;
}

export interface LcOptions {
  /** L2 penalty on all weights (a weak Gaussian prior); default 0.01 — negligible beyond a few dozen rows */
  l2?: number;
  /** true: use γ_x (every row must carry it); false: simplified form; default: true iff every row has γ_x */
  useDifficulty?: boolean;
  maxIterations?: number;
  tolerance?: number;
}

export type LcResult =
  | {
      lcWinRate: number;
      rawWinRate: number;
      n: number;
      /** std of Δlen (characters) used to scale tanh(Δlen/σ) */
      sigma: number;
      coefficients: { notGamedBaseline: number; length: number; difficulty: number | null };
      usedDifficulty: boolean;
      iterations: number;
      reason?: undefined;
    }
  | { lcWinRate: null; rawWinRate: number | null; n: number; reason: DegenerateReason; note: string };

interface FitResult {
  w: number[];
  iterations: number;
  converged: boolean;
}

/** Penalised logistic regression (targets may be fractional) by Newton's method with step halving. */
export function fitLogistic(
  rows: readonly number[][],
  y: readonly number[],
  l2: number,
  maxIterations = 100,
  tolerance = 1e-10,
): FitResult {
  const k = rows[0].length;
  let w = new Array<number>(k).fill(0);
  const objective = (ww: number[]): number => {
    let ll = 0;
    for (let i = 0; i < rows.length; i++) {
      let z = 0;
      for (let j = 0; j < k; j++) z += rows[i][j] * ww[j];
      // y·log σ(z) + (1−y)·log σ(−z), written stably
      ll += y[i] * z - Math.max(z, 0) - Math.log1p(Math.exp(-Math.abs(z)));
    }
    return ll - (l2 / 2) * ww.reduce((s, v) => s + v * v, 0);
  };
  let current = objective(w);
  for (let it = 1; it <= maxIterations; it++) {
    const grad = w.map((wj) => -l2 * wj);
    const hess = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => (a === b ? l2 : 0)));
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i];
      let z = 0;
      for (let j = 0; j < k; j++) z += x[j] * w[j];
      const p = sigmoid(z);
      const wt = p * (1 - p);
      for (let a = 0; a < k; a++) {
        grad[a] += (y[i] - p) * x[a];
        for (let b = 0; b < k; b++) hess[a][b] += wt * x[a] * x[b];
      }
    }
    const step = solveLinear(hess, grad);
    if (!step) return { w, iterations: it, converged: false };
    let t = 1;
    let next = w.map((wj, j) => wj + step[j]);
    let value = objective(next);
    while (value < current - 1e-12 && t > 1e-6) {
      t /= 2;
      next = w.map((wj, j) => wj + t * step[j]);
      value = objective(next);
    }
    const delta = Math.max(...next.map((v, j) => Math.abs(v - w[j])));
    w = next;
    current = value;
    if (delta < tolerance) return { w, iterations: it, converged: true };
  }
  return { w, iterations: maxIterations, converged: false };
}

export function lengthControlledWinRate(comparisons: readonly LcComparison[], options: LcOptions = {}): LcResult {
  const n = comparisons.length;
  const fail = (reason: DegenerateReason, note: string, raw: number | null = null): LcResult => ({
    lcWinRate: null,
    rawWinRate: raw,
    n,
    reason,
    note,
  });
  if (n < 3) return fail("too_few_samples", "needs at least 3 comparisons");
  const okRow = (c: LcComparison) =>
    Number.isFinite(c.modelLength) &&
    Number.isFinite(c.baselineLength) &&
    Number.isFinite(c.preference) &&
    c.preference >= 0 &&
    c.preference <= 1;
  if (!comparisons.every(okRow)) {
    return fail("non_finite_input", "lengths must be finite and preferences within [0, 1]");
  }
  const y = comparisons.map((c) => c.preference);
  const raw = 100 * mean(y);
  const allHaveDifficulty = comparisons.every((c) => Number.isFinite(c.instructionDifficulty));
  const useDifficulty = options.useDifficulty ?? allHaveDifficulty;
  if (useDifficulty && !allHaveDifficulty) {
    return fail("non_finite_input", "useDifficulty: every comparison needs a finite instructionDifficulty", raw);
  }
  const delta = comparisons.map((c) => c.baselineLength - c.modelLength);
  const sigma = std(delta, 1);
  if (!(sigma > 0)) {
    return fail("zero_variance", "every length difference is equal: the length effect is not identifiable", raw);
  }
  const rows = comparisons.map((c, i) =>
    useDifficulty
      ? [Math.tanh(delta[i] / sigma), c.instructionDifficulty as number, 1]
      : [Math.tanh(delta[i] / sigma), 1],
  );
  const fit = fitLogistic(rows, y, options.l2 ?? 0.01, options.maxIterations ?? 100, options.tolerance ?? 1e-10);
  if (!fit.converged) return fail("did_not_converge", `Newton did not converge in ${fit.iterations} iterations`, raw);
  const wLen = fit.w[0];
  const wDiff = useDifficulty ? fit.w[1] : null;
  const wNg = fit.w[fit.w.length - 1];
  const lc = useDifficulty
    ? 100 * mean(comparisons.map((c) => sigmoid(wNg + (wDiff as number) * (c.instructionDifficulty as number))))
    : 100 * sigmoid(wNg);
  return {
    lcWinRate: lc,
    rawWinRate: raw,
    n,
    sigma,
    coefficients: { notGamedBaseline: wNg, length: wLen, difficulty: wDiff },
    usedDifficulty: useDifficulty,
    iterations: fit.iterations,
  };
}
