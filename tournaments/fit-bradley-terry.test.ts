import { describe, expect, it } from "vitest";
import { fitBradleyTerry, type BtGame } from "./fit-bradley-terry";
import { Rng } from "./rng";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function sample(strengths: number[], games: number, rng: Rng): BtGame[] {
  const n = strengths.length;
  return Array.from({ length: games }, () => {
    const i = rng.int(n);
    let j = rng.int(n - 1);
    if (j >= i) j++;
    return { a: `e${i}`, b: `e${j}`, scoreA: rng.next() < sigmoid(strengths[i] - strengths[j]) ? 1 : 0 };
  });
}

describe("fitBradleyTerry", () => {
  const truth = [-1.5, -1, -0.5, 0, 0.4, 0.8, 1.2, 1.6];
  const ids = truth.map((_, i) => `e${i}`);

  it("recovers the true strength order and values from a large synthetic sample", () => {
    const fit = fitBradleyTerry(ids, sample(truth, 8000, Rng.fromSeed("bt-large")), { prior: 0.01 });
    const order = ids.map((id, k) => ({ id, t: fit.theta[k] })).sort((x, y) => y.t - x.t).map((x) => x.id);
    expect(order).toEqual([...ids].reverse());
    // the fit is centred (mean 0); compare with the centred truth, within 4 standard errors
    expect(Math.abs(fit.theta.reduce((s, t) => s + t, 0))).toBeLessThan(1e-9);
    const shift = -truth.reduce((s, t) => s + t, 0) / truth.length;
    fit.theta.forEach((t, k) => expect(Math.abs(t - (truth[k] + shift))).toBeLessThan(4 * fit.se[k]));
    expect(Math.max(...fit.se)).toBeLessThan(0.1);
  });

  it("gives standard errors that are calibrated (about 95 % of 1.96·SE intervals cover the truth)", () => {
    let covered = 0;
    let total = 0;
    for (let r = 0; r < 60; r++) {
      const fit = fitBradleyTerry(ids, sample(truth, 600, Rng.fromSeed(`bt-cov-${r}`)), { prior: 0.01 });
      const shift = truth.reduce((s, t, k) => s + fit.theta[k] - t, 0) / truth.length;
      for (let k = 1; k < truth.length; k++) {
        // differences to e0 are identified; sd from the covariance
        const d = fit.theta[k] - fit.theta[0];
        const sd = Math.sqrt(fit.cov[k][k] + fit.cov[0][0] - 2 * fit.cov[k][0]);
        covered += Math.abs(d - (truth[k] - truth[0])) < 1.96 * sd ? 1 : 0;
        total++;
      }
      expect(Number.isFinite(shift)).toBe(true);
    }
    expect(covered / total).toBeGreaterThan(0.9);
    expect(covered / total).toBeLessThan(0.99);
  });

  it("stays finite for an undefeated entrant and shrinks toward 0 with a stronger prior", () => {
    const games: BtGame[] = [
      { a: "x", b: "y", scoreA: 1 },
      { a: "x", b: "z", scoreA: 1 },
      { a: "y", b: "z", scoreA: 0.5 },
    ];
    const weak = fitBradleyTerry(["x", "y", "z"], games, { prior: 0.01 });
    const strong = fitBradleyTerry(["x", "y", "z"], games, { prior: 2 });
    expect(Number.isFinite(weak.theta[0])).toBe(true);
    expect(weak.theta[0]).toBeGreaterThan(strong.theta[0]);
    expect(strong.theta[0]).toBeGreaterThan(strong.theta[1]);
    expect(weak.theta[1]).toBeCloseTo(weak.theta[2], 9); // symmetric
  });

  it("returns the covariance of the centred strengths: H·cov = I − 11ᵀ/n for the negative Hessian H", () => {
    const games = sample(truth, 300, Rng.fromSeed("bt-hess"));
    const prior: number = 0.3;
    const fit = fitBradleyTerry(ids, games, { prior });
    const n = ids.length;
    const H = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? prior : 0)));
    for (const g of games) {
      const [i, j] = [ids.indexOf(g.a), ids.indexOf(g.b)];
      const p = sigmoid(fit.theta[i] - fit.theta[j]);
      const h = p * (1 - p);
      H[i][i] += h;
      H[j][j] += h;
      H[i][j] -= h;
      H[j][i] -= h;
    }
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const v = H[r].reduce((s, x, k) => s + x * fit.cov[k][c], 0);
        expect(v).toBeCloseTo((r === c ? 1 : 0) - 1 / n, 8);
      }
    }
    // and the gradient vanishes at the estimate
    const grad = fit.theta.map((t) => -prior * t);
    for (const g of games) {
      const [i, j] = [ids.indexOf(g.a), ids.indexOf(g.b)];
      const d = g.scoreA - sigmoid(fit.theta[i] - fit.theta[j]);
      grad[i] += d;
      grad[j] -= d;
    }
    grad.forEach((x) => expect(Math.abs(x)).toBeLessThan(1e-8));
  });

  it("handles no games (all strengths 0, centred SE = √((1 − 1/n)/prior))", () => {
    const fit = fitBradleyTerry(["a", "b"], [], { prior: 4 });
    expect(fit.theta).toEqual([0, 0]);
    expect(fit.se[0]).toBeCloseTo(Math.sqrt(0.5 / 4), 12);
  });
});
