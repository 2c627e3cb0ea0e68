import { describe, expect, it } from "vitest";
import { sigmoid } from "../stats/basic";
import { createRng } from "../simulator/rng";
import { lengthControlledWinRate as lcRaw, type LcComparison, type LcOptions } from "./lc-win-rate";

/** the fitted branch of the result (fails the test with the reason otherwise) */
const lengthControlledWinRate = (c: LcComparison[], o?: LcOptions) => {
  const r = lcRaw(c, o);
  if (r.lcWinRate === null) throw new Error(`${r.reason}: ${r.note}`);
  return r;
};

const rows = (count: number, delta: number, wins: number): LcComparison[] =>
  Array.from({ length: count }, (_, i) => ({
    baselineLength: 1000,
    modelLength: 1000 - delta, // Δlen = baseline − model = delta
    preference: i < wins ? 1 : 0,
  }));

describe("lengthControlledWinRate", () => {
  it("hand case: all of the raw advantage comes with length → LC = 50", () => {
    // 15 rows where the policy is 100 chars longer (Δ = −100), won 12/15 = 0.8;
    //  5 rows where it is 100 chars shorter (Δ = +100), won 1/5 = 0.2. Raw = 13/20 = 65 %.
    // tanh(Δ/σ) takes two values ±t, so the 2-parameter model is saturated and the MLE reproduces the
    // group rates: w_ng − w_len·t = logit 0.8 = ln 4 and w_ng + w_len·t = logit 0.2 = −ln 4
    // → w_ng = (ln 4 − ln 4)/2 = 0 → LC = 100·σ(0) = 50.
    const r = lengthControlledWinRate([...rows(15, -100, 12), ...rows(5, 100, 1)], { l2: 1e-9 });
    expect(r.rawWinRate).toBeCloseTo(65, 12);
    expect(r.lcWinRate).toBeCloseTo(50, 5);
    expect(r.coefficients.length).toBeLessThan(0); // longer (Δ < 0) → more wins
    expect(r.usedDifficulty).toBe(false);
    // σ = sample std of Δ: 15 × −100 and 5 × +100 → mean −50, Σ(Δ−mean)² = 15·50² + 5·150² = 150000
    expect(r.sigma).toBeCloseTo(Math.sqrt(150000 / 19), 9);
  });

  it("hand case: LC is the logit midpoint when lengths are balanced", () => {
    // 10 rows longer (won 8 → 0.8), 10 rows shorter (won 5 → 0.5); raw 13/20 = 65 %
    // w_ng = (logit 0.8 + logit 0.5)/2 = (ln 4 + 0)/2 = ln 2 → LC = 100·σ(ln 2) = 100·2/3 = 66.67
    const r = lengthControlledWinRate([...rows(10, -100, 8), ...rows(10, 100, 5)], { l2: 1e-9 });
    expect(r.lcWinRate).toBeCloseTo(200 / 3, 5);
    expect(r.coefficients.notGamedBaseline).toBeCloseTo(Math.log(2), 6);
  });

  it("preferences driven purely by length: raw ≫ 50, LC ≈ 50 (synthetic, known answer)", () => {
    const rng = createRng(21);
    const comps: LcComparison[] = Array.from({ length: 4000 }, () => {
      const delta = -300 + 400 * rng.normal(); // the policy is usually longer
      return { baselineLength: 1500, modelLength: 1500 - delta, preference: rng.bernoulli(sigmoid(-2 * Math.tanh(delta / 400))) ? 1 : 0 };
    });
    const r = lengthControlledWinRate(comps);
    expect(r.rawWinRate).toBeGreaterThan(65);
    expect(r.lcWinRate).toBeGreaterThan(47);
    expect(r.lcWinRate).toBeLessThan(53);
  });

  it("uses instruction difficulty when given and recovers the true LC", () => {
    // truth: logit P(win) = 0.5 − 1.5·tanh(Δ/400) − 0.8·γ_x; LC_true = 100·mean σ(0.5 − 0.8 γ_x)
    const rng = createRng(22);
    const comps: LcComparison[] = Array.from({ length: 5000 }, () => {
      const delta = -200 + 400 * rng.normal();
      const g = rng.normal();
      const p = sigmoid(0.5 - 1.5 * Math.tanh(delta / 400) - 0.8 * g);
      return { baselineLength: 1500, modelLength: 1500 - delta, preference: p, instructionDifficulty: g };
    });
    const truth = (100 * comps.reduce((s, c) => s + sigmoid(0.5 - 0.8 * (c.instructionDifficulty as number)), 0)) / comps.length;
    const r = lengthControlledWinRate(comps); // soft preferences, as AlpacaEval's judge gives
    expect(r.usedDifficulty).toBe(true);
    expect(r.coefficients.difficulty).toBeCloseTo(-0.8, 1);
    expect(r.lcWinRate).toBeCloseTo(truth, 0);
    // the simplified form (difficulty unknown) still removes the length effect
    const simple = lengthControlledWinRate(comps, { useDifficulty: false });
    expect(simple.usedDifficulty).toBe(false);
    expect(Math.abs(simple.lcWinRate - truth)).toBeLessThan(3);
  });

  it("stays finite on separable data thanks to the L2 penalty", () => {
    const r = lengthControlledWinRate([...rows(10, -100, 10), ...rows(10, 100, 10)]);
    expect(r.lcWinRate).toBeGreaterThan(95);
    expect(Number.isFinite(r.lcWinRate)).toBe(true);
  });

  it("returns null with a reason on degenerate input", () => {
    expect(lcRaw(rows(2, 0, 1))).toMatchObject({ lcWinRate: null, reason: "too_few_samples" });
    expect(lcRaw(rows(10, 50, 5))).toMatchObject({ lcWinRate: null, reason: "zero_variance", rawWinRate: 50 });
    expect(lcRaw([...rows(3, 1, 1), { baselineLength: 1, modelLength: 2, preference: 1.5 }])).toMatchObject({
      lcWinRate: null,
      reason: "non_finite_input",
    });
    expect(lcRaw([...rows(3, 1, 1), ...rows(3, 2, 1)], { useDifficulty: true })).toMatchObject({
      lcWinRate: null,
      reason: "non_finite_input",
    });
  });
});
