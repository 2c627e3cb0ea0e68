import { describe, expect, it } from "vitest";
import { pairKey, seededRandom, shuffled, stableOrder } from "./pair-order";
import { estimateTokens } from "./estimate-tokens";

describe("comparison building helpers", () => {
  it("orders a pair the same way whichever way it is given, and not always by key", () => {
    const xs = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}` }));
    let firstIsSmaller = 0;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const [a, b] = stableOrder(xs[i]!, xs[i + 1]!);
      expect(stableOrder(xs[i + 1]!, xs[i]!)).toEqual([a, b]);
      if (a.key < b.key) firstIsSmaller++;
    }
    expect(firstIsSmaller).toBeGreaterThan(2);
    expect(firstIsSmaller).toBeLessThan(18);
    expect(pairKey("x", "y")).toBe(pairKey("y", "x"));
  });

  it("samples reproducibly by seed", () => {
    const a = shuffled([1, 2, 3, 4, 5, 6, 7, 8], seededRandom(3));
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], seededRandom(3))).toEqual(a);
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], seededRandom(4))).not.toEqual(a);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("estimates tokens from words and symbols", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("Hello, world!")).toBe(4);
    expect(estimateTokens("x = f(2) + 10")).toBe(8);
    expect(estimateTokens("naïve café 東京")).toBe(3);
  });
});
