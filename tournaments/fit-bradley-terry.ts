/**
 * Bradley-Terry maximum a posteriori fit by Newton's method: P(i beats j) = σ(θ_i − θ_j), a game with
 * score s for i contributing s·log σ(θ_i−θ_j) + (1−s)·log σ(θ_j−θ_i) (draws count half), plus a
 * Gaussian prior −(prior/2)·Σθ² that keeps the estimate finite for undefeated or winless entrants and
 * fixes the scale's origin (the MAP has mean 0). Standard errors come from the inverse of the negative
 * Hessian (Laplace), for the centred strengths: how sure we are of an entrant relative to the average.
 *
 * Optional shown-first advantage (`advantagePrior`): one shared extra parameter h with a Gaussian prior
 * of that precision, logit P(a beats b) = θ_a − θ_b + advantage·h, where a game's `advantage` is +1 when a
 * was shown first, −1 when b was (0: no order effect, e.g. a game averaged over both orders). It is how a
 * judge's position bias is estimated from the judgements themselves instead of leaking into θ.
 */

import { TournamentError } from "./errors";
import type { EntrantId } from "./types";

export interface BtGame {
  a: EntrantId;
  b: EntrantId;
  /** a's score in [0, 1]. */
  scoreA: number;
  /** Weight (default 1). */
  weight?: number;
  /** Coefficient of the shown-first advantage h (only with `advantagePrior`): +1 a shown first, −1 b
   * shown first, 0 (default) none. */
  advantage?: number;
}

export interface BtFit {
  ids: EntrantId[];
  /** Log-strengths, same order as ids. */
  theta: number[];
  /** Standard errors of theta. */
  se: number[];
  /** Posterior covariance of the centred strengths (P·H⁻¹·P, P = I − 11ᵀ/n), n×n. */
  cov: number[][];
  iterations: number;
  /** With `advantagePrior`: the estimated shown-first advantage h (logits) and its standard error. */
  advantage?: number;
  advantageSe?: number;
}

export interface BtOptions {
  prior?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Warm start (same order as ids). */
  initial?: number[];
  /** Precision of a Gaussian prior (mean 0) on a shared shown-first advantage h; unset: no such term. */
  advantagePrior?: number;
}

export const DEFAULT_PRIOR = 0.1;

export function fitBradleyTerry(ids: readonly EntrantId[], games: readonly BtGame[], options: BtOptions = {}): BtFit {
  const prior = options.prior ?? DEFAULT_PRIOR;
  if (!(prior > 0) || !Number.isFinite(prior)) {
    throw new TournamentError("invalid-config", "Bradley-Terry prior must be a finite number > 0");
  }
  const advantagePrior = options.advantagePrior;
  if (advantagePrior !== undefined && !(advantagePrior > 0 && Number.isFinite(advantagePrior))) {
    throw new TournamentError("invalid-config", "Bradley-Terry advantage prior must be a finite number > 0");
  }
  const n = ids.length;
  // Parameters: θ_0..θ_{n−1}, then h when the advantage term is on.
  const dim = advantagePrior === undefined ? n : n + 1;
  const index = new Map(ids.map((id, i) => [id, i]));
  const m = games.length;
  const gi = new Int32Array(m);
  const gj = new Int32Array(m);
  const gs = new Float64Array(m);
  const gw = new Float64Array(m);
  const ga = new Float64Array(m);
  games.forEach((g, k) => {
    const i = index.get(g.a);
    const j = index.get(g.b);
    if (i === undefined || j === undefined) throw new TournamentError("invalid-state", `game with unknown entrant ${g.a}/${g.b}`);
    gi[k] = i;
    gj[k] = j;
    gs[k] = g.scoreA;
    gw[k] = g.weight ?? 1;
    ga[k] = advantagePrior === undefined ? 0 : (g.advantage ?? 0);
  });
  const data: BtData = { n, dim, m, gi, gj, gs, gw, ga, prior, advantagePrior: advantagePrior ?? 0 };
  let theta = new Float64Array(dim);
  if (options.initial) theta.set(options.initial.slice(0, dim));
  const maxIt = options.maxIterations ?? 50;
  const tol = options.tolerance ?? 1e-9;
  const H = new Float64Array(dim * dim);
  const grad = new Float64Array(dim);
  let it = 0;
  let current = logPosterior(data, theta);
  for (; it < maxIt; it++) {
    derivatives(data, theta, H, grad);
    const step = solveWithCholesky(cholesky(H, dim), grad, dim);
    // Newton with step halving: the log posterior is concave, so this always makes progress.
    let scale = 1;
    let candidate = theta.map((t, k) => t + step[k]);
    let value = logPosterior(data, candidate);
    while (value < current - 1e-12 && scale > 1e-6) {
      scale /= 2;
      candidate = theta.map((t, k) => t + scale * step[k]);
      value = logPosterior(data, candidate);
    }
    let maxStep = 0;
    for (let k = 0; k < dim; k++) maxStep = Math.max(maxStep, Math.abs(candidate[k] - theta[k]));
    theta = candidate;
    current = value;
    if (maxStep < tol) {
      it++;
      break;
    }
  }
  derivatives(data, theta, H, grad);
  const full = invertSpd(H, dim);
  // The strengths' block of the inverse (the marginal covariance of θ, h integrated out), centred.
  const block = new Float64Array(n * n);
  for (let r = 0; r < n; r++) block.set(full.subarray(r * dim, r * dim + n), r * n);
  const covFlat = centre(block, n);
  const cov = Array.from({ length: n }, (_, r) => Array.from(covFlat.subarray(r * n, r * n + n)));
  return {
    ids: ids.slice(),
    theta: Array.from(theta.subarray(0, n)),
    se: cov.map((row, k) => Math.sqrt(row[k])),
    cov,
    iterations: it,
    ...(dim > n ? { advantage: theta[n], advantageSe: Math.sqrt(full[n * dim + n]) } : {}),
  };
}

interface BtData {
  n: number;
  /** n, or n + 1 with the advantage term (its index is n). */
  dim: number;
  m: number;
  gi: Int32Array;
  gj: Int32Array;
  gs: Float64Array;
  gw: Float64Array;
  /** Advantage coefficient per game (all 0 without the term). */
  ga: Float64Array;
  prior: number;
  advantagePrior: number;
}

function logPosterior({ n, dim, m, gi, gj, gs, gw, ga, prior, advantagePrior }: BtData, theta: Float64Array): number {
  let v = 0;
  for (let k = 0; k < n; k++) v -= (prior / 2) * theta[k] * theta[k];
  const h = dim > n ? theta[n] : 0;
  if (dim > n) v -= (advantagePrior / 2) * h * h;
  for (let k = 0; k < m; k++) {
    const d = theta[gi[k]] - theta[gj[k]] + ga[k] * h;
    // log σ(d) = −softplus(−d), computed stably
    v -= gw[k] * (gs[k] * softplus(-d) + (1 - gs[k]) * softplus(d));
  }
  return v;
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Negative Hessian (into H, row-major) and gradient (into grad) of the log posterior at theta. */
function derivatives(
  { n, dim, m, gi, gj, gs, gw, ga, prior, advantagePrior }: BtData,
  theta: Float64Array,
  H: Float64Array,
  grad: Float64Array,
): void {
  H.fill(0);
  for (let r = 0; r < n; r++) {
    H[r * dim + r] = prior;
    grad[r] = -prior * theta[r];
  }
  const adv = dim > n;
  const a = n; // index of h
  if (adv) {
    H[a * dim + a] = advantagePrior;
    grad[a] = -advantagePrior * theta[a];
  }
  for (let k = 0; k < m; k++) {
    const i = gi[k];
    const j = gj[k];
    const c = ga[k];
    const p = 1 / (1 + Math.exp(theta[j] - theta[i] - (adv ? c * theta[a] : 0)));
    const d = gw[k] * (gs[k] - p);
    grad[i] += d;
    grad[j] -= d;
    const h = gw[k] * p * (1 - p);
    H[i * dim + i] += h;
    H[j * dim + j] += h;
    H[i * dim + j] -= h;
    H[j * dim + i] -= h;
    if (adv && c !== 0) {
      grad[a] += c * d;
      H[a * dim + a] += c * c * h;
      H[i * dim + a] += c * h;
      H[a * dim + i] += c * h;
      H[j * dim + a] -= c * h;
      H[a * dim + j] -= c * h;
    }
  }
}

/** Lower Cholesky factor (row-major) of a symmetric positive definite matrix. */
function cholesky(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) L[i * n + i] = Math.sqrt(Math.max(sum, 1e-300));
      else L[i * n + j] = sum / L[j * n + j];
    }
  }
  return L;
}

function solveWithCholesky(L: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/** (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹, with L⁻¹ lower triangular. */
function invertSpd(A: Float64Array, n: number): Float64Array {
  const L = cholesky(A, n);
  const M = new Float64Array(n * n); // L⁻¹
  for (let c = 0; c < n; c++) {
    M[c * n + c] = 1 / L[c * n + c];
    for (let r = c + 1; r < n; r++) {
      let s = 0;
      for (let k = c; k < r; k++) s -= L[r * n + k] * M[k * n + c];
      M[r * n + c] = s / L[r * n + r];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += M[k * n + i] * M[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/**
 * P C P with P = I − 11ᵀ/n: the covariance of the centred strengths θ − mean(θ). The likelihood only
 * sees differences, so the mean's uncertainty is the prior's alone; leaving it in would inflate every
 * standard error by ~1/√(prior·n) without saying anything about the ranking.
 */
function centre(C: Float64Array, n: number): Float64Array {
  const rowMean = new Float64Array(n);
  let all = 0;
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let c = 0; c < n; c++) s += C[r * n + c];
    rowMean[r] = s / n;
    all += s;
  }
  all /= n * n;
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) out[r * n + c] = C[r * n + c] - rowMean[r] - rowMean[c] + all;
  }
  return out;
}

/** sd of θ_i − θ_j under the fit's covariance. */
export function sdOfDifference(fit: BtFit, i: number, j: number): number {
  return Math.sqrt(Math.max(fit.cov[i][i] + fit.cov[j][j] - 2 * fit.cov[i][j], 1e-300));
}
