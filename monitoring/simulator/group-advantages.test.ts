import { describe, expect, it } from "vitest";
import { groupAdvantages } from "./group-advantages";

describe("group-relative advantages", () => {
  it("centres and scales each group by its own mean and spread", () => {
    const a = groupAdvantages([1, 3, 10, 10.5, 9.5], ["p", "p", "q", "q", "q"], 0);
    expect(a[0]).toBeCloseTo(-1);
    expect(a[1]).toBeCloseTo(1);
    expect(a[2]).toBeCloseTo(0);
    expect(a[3]!).toBeCloseTo(Math.sqrt(1.5));
  });

  it("gives no advantage to a lone rollout or to a group of equal rewards", () => {
    expect(groupAdvantages([0.4, 0.7, 0.7], ["a", "b", "b"], 0.01)).toEqual([0, 0, 0]);
  });

  it("keeps differences far below eps small", () => {
    const a = groupAdvantages([0.5, 0.5 + 1e-6], [1, 1], 0.01);
    expect(Math.abs(a[1]!)).toBeLessThan(1e-3);
  });
});
