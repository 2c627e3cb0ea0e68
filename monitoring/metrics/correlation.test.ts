import { describe, expect, it } from "vitest";
import { createRng } from "../simulator/rng";
import { partialCorrelation, pearson, spearman } from "./correlation";

describe("pearson", () => {
  it("matches a hand computation", () => {
    // x = 1..5, y = [2,4,5,4,5]; means 3 and 4
    // dx = [-2,-1,0,1,2], dy = [-2,0,1,0,1]
    // Sxy = 4+0+0+0+2 = 6, Sxx = 10, Syy = 4+0+1+0+1 = 6 → r = 6/√60 = 0.774596669…
    const r = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(r.value).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(r.n).toBe(5);
  });

  it("returns null with a reason on degenerate input, never NaN", () => {
    expect(pearson([1, 2], [3, 4])).toMatchObject({ value: null, reason: "too_few_samples" });
    expect(pearson([1, 1, 1], [1, 2, 3])).toMatchObject({ value: null, reason: "zero_variance" });
    expect(pearson([1, 2, 3], [5, 5, 5])).toMatchObject({ value: null, reason: "zero_variance" });
    expect(pearson([1, 2, NaN], [1, 2, 3])).toMatchObject({ value: null, reason: "non_finite_input" });
    expect(pearson([1, 2, 3], [1, 2])).toMatchObject({ value: null, reason: "length_mismatch" });
  });

  it("is symmetric, bounded, and invariant to positive affine maps (property)", () => {
    const rng = createRng(11);
    for (let t = 0; t < 200; t++) {
      const n = 3 + rng.int(30);
      const x = Array.from({ length: n }, () => rng.normal());
      const y = x.map((v) => 0.5 * v + rng.normal());
      const r = pearson(x, y).value as number;
      expect(Math.abs(r)).toBeLessThanOrEqual(1);
      expect(pearson(y, x).value).toBeCloseTo(r, 12);
      expect(pearson(x.map((v) => 3 * v + 7), y).value).toBeCloseTo(r, 10);
      expect(pearson(x.map((v) => -v), y).value).toBeCloseTo(-r, 12);
    }
  });
});

describe("spearman", () => {
  it("uses average ranks for ties (hand computation)", () => {
    // y = [2,4,5,4,5] → ranks [1, 2.5, 4.5, 2.5, 4.5] (the two 4s share 2 and 3, the two 5s share 4 and 5)
    // x ranks 1..5; both rank means 3; dx = [-2,-1,0,1,2], dy = [-2,-0.5,1.5,-0.5,1.5]
    // Sxy = 4+0.5+0-0.5+3 = 7, Sxx = 10, Syy = 4+0.25+2.25+0.25+2.25 = 9 → ρ = 7/√90 = 0.737864787…
    expect(spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]).value).toBeCloseTo(7 / Math.sqrt(90), 12);
  });

  it("is 1 for any strictly increasing relation and invariant to monotone maps (property)", () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000]).value).toBeCloseTo(1, 12);
    const rng = createRng(12);
    for (let t = 0; t < 100; t++) {
      const x = Array.from({ length: 20 }, () => rng.normal());
      const y = x.map((v) => v + rng.normal());
      expect(spearman(x.map(Math.exp), y.map((v) => v ** 3)).value).toBeCloseTo(spearman(x, y).value as number, 12);
    }
  });

  it("all-tied input is zero variance", () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toMatchObject({ value: null, reason: "zero_variance" });
  });
});

describe("partialCorrelation", () => {
  it("matches the formula by hand", () => {
    // x = reward [1,2,3,4,5], y = length [2,1,4,3,5], z = correct [0,0,1,1,1]
    // dx = [-2,-1,0,1,2], dy = [-1,-2,1,0,2], dz = [-.6,-.6,.4,.4,.4]
    // Sxx = 10, Syy = 10, Szz = 1.2; Sxy = 2+2+0+0+4 = 8 → r_xy = 0.8
    // Sxz = 1.2+0.6+0+0.4+0.8 = 3 → r_xz = 3/√12 = √0.75; Syz = 0.6+1.2+0.4+0+0.8 = 3 → r_yz = √0.75
    // r_xy·z = (0.8 − 0.75)/√((1−0.75)(1−0.75)) = 0.05/0.25 = 0.2
    expect(partialCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], [0, 0, 1, 1, 1]).value).toBeCloseTo(0.2, 12);
    expect(partialCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], [false, false, true, true, true]).value).toBeCloseTo(0.2, 12);
  });

  it("equals the correlation of residuals after regressing on z (property)", () => {
    const rng = createRng(13);
    const resid = (v: number[], z: number[]) => {
      const mz = z.reduce((a, b) => a + b) / z.length;
      const mv = v.reduce((a, b) => a + b) / v.length;
      const b = v.reduce((s, vi, i) => s + (vi - mv) * (z[i] - mz), 0) / z.reduce((s, zi) => s + (zi - mz) ** 2, 0);
      return v.map((vi, i) => vi - mv - b * (z[i] - mz));
    };
    for (let t = 0; t < 100; t++) {
      const z = Array.from({ length: 40 }, () => rng.next());
      const y = z.map((v) => v + rng.normal());
      const x = z.map((v, i) => 2 * v + 0.3 * y[i] + rng.normal());
      expect(partialCorrelation(x, y, z).value).toBeCloseTo(pearson(resid(x, z), resid(y, z)).value as number, 10);
    }
  });

  it("removes a correlation that runs only through correctness", () => {
    // reward and length both depend on correctness only → plain r is large, partial ≈ 0
    const rng = createRng(14);
    const z = Array.from({ length: 4000 }, () => (rng.next() < 0.5 ? 1 : 0));
    const x = z.map((c) => c + 0.3 * rng.normal());
    const y = z.map((c) => 500 + 300 * c + 50 * rng.normal());
    expect(pearson(x, y).value as number).toBeGreaterThan(0.7);
    expect(Math.abs(partialCorrelation(x, y, z).value as number)).toBeLessThan(0.05);
  });

  it("handles degenerate controls explicitly", () => {
    expect(partialCorrelation([1, 2, 3], [1, 3, 2], [0, 1, 0])).toMatchObject({ value: null, reason: "too_few_samples" });
    // every sample correct: controlling is a no-op → Pearson, with a note
    const same = partialCorrelation([1, 2, 3, 4], [2, 4, 5, 4], [1, 1, 1, 1]);
    expect(same.value).toBeCloseTo(pearson([1, 2, 3, 4], [2, 4, 5, 4]).value as number, 12);
    expect(same.note).toMatch(/constant/);
    // length is a linear function of correctness → nothing left to correlate
    expect(partialCorrelation([1, 2, 3, 4], [10, 10, 20, 20], [0, 0, 1, 1])).toMatchObject({
      value: null,
      reason: "collinear_with_control",
    });
  });
});
