import { describe, expect, it } from "vitest";
import { entropyOf, selectUncertain, uncertaintyOf } from "./uncertainty";

const p = (better: number, same: number, worse: number) => ({ better, same, worse });

describe("uncertainty", () => {
  it("entropy is 0 for a sure verdict and 1 for a uniform one", () => {
    expect(entropyOf(p(1, 0, 0))).toBe(0);
    expect(entropyOf(p(1 / 3, 1 / 3, 1 / 3))).toBeCloseTo(1, 12);
  });

  it("a confident, swap-consistent judgement scores low; a swap-inconsistent one high", () => {
    // swapped order: the candidate sits in the reference's place, so "worse" there mirrors "better" here
    const sure = uncertaintyOf(p(0.95, 0.03, 0.02), p(0.02, 0.03, 0.95));
    const flips = uncertaintyOf(p(0.9, 0.05, 0.05), p(0.9, 0.05, 0.05)); // position decides, not content
    expect(sure.inconsistent).toBe(false);
    expect(flips.inconsistent).toBe(true);
    expect(flips.swapGap).toBeCloseTo(0.85, 6);
    expect(flips.score).toBeGreaterThan(sure.score + 1);
  });

  it("is symmetric under swapping the two orders' roles", () => {
    const a = uncertaintyOf(p(0.5, 0.3, 0.2), p(0.1, 0.6, 0.3));
    const b = uncertaintyOf(p(0.3, 0.6, 0.1), p(0.2, 0.3, 0.5));
    expect(a.score).toBeCloseTo(b.score, 12);
  });

  it("selects the budget's most uncertain, at most maxPerGroup per group, reproducibly", () => {
    const cands = [
      { id: "a1", group: "A", forward: p(0.34, 0.33, 0.33), swapped: p(0.33, 0.33, 0.34) },
      { id: "a2", group: "A", forward: p(0.4, 0.3, 0.3), swapped: p(0.3, 0.3, 0.4) },
      { id: "b1", group: "B", forward: p(0.6, 0.2, 0.2), swapped: p(0.2, 0.2, 0.6) },
      { id: "c1", group: "C", forward: p(0.98, 0.01, 0.01), swapped: p(0.01, 0.01, 0.98) },
    ];
    expect(selectUncertain(cands, { budget: 2 }).map((c) => c.id)).toEqual(["a1", "a2"]);
    expect(selectUncertain(cands, { budget: 2, maxPerGroup: 1 }).map((c) => c.id)).toEqual(["a1", "b1"]);
    expect(selectUncertain([...cands].reverse(), { budget: 3, maxPerGroup: 1 }).map((c) => c.id)).toEqual(["a1", "b1", "c1"]);
  });
});
