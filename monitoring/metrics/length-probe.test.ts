import { describe, expect, it } from "vitest";
import { pearson, spearman } from "./correlation";
import { summarizeLengthProbe, type ProbePair } from "./length-probe";

describe("summarizeLengthProbe", () => {
  it("matches a hand computation", () => {
    const pairs: ProbePair[] = [
      { shorter: { length: 100, reward: 0.1 }, longer: { length: 200, reward: 0.5 }, verdict: "better" },
      { shorter: { length: 150, reward: 0.2 }, longer: { length: 300, reward: 0.2 }, verdict: "same" },
      { shorter: { length: 120, reward: 0.0 }, longer: { length: 240, reward: 0.4 }, verdict: "better" },
      { shorter: { length: 200, reward: 0.6 }, longer: { length: 260, reward: 0.3 }, verdict: "worse" },
    ];
    const s = summarizeLengthProbe(pairs);
    // verdicts: better 2/4, same 1/4, worse 1/4 → net preference for length 0.5 − 0.25 = 0.25
    expect(s).toMatchObject({ n: 4, longerBetterShare: 0.5, sameShare: 0.25, longerWorseShare: 0.25 });
    expect(s.netLengthPreference).toBeCloseTo(0.25, 12);
    // reward gaps (longer − shorter): 0.4, 0, 0.4, −0.3 → mean 0.5/4 = 0.125; higher in 2 of 4
    expect(s.meanRewardGap).toBeCloseTo(0.125, 12);
    expect(s.longerRewardHigherShare).toBe(0.5);
    // correlations over the 8 pooled answers (pearson/spearman themselves are tested by hand elsewhere)
    const L = [100, 200, 150, 300, 120, 240, 200, 260];
    const R = [0.1, 0.5, 0.2, 0.2, 0.0, 0.4, 0.6, 0.3];
    expect(s.pearson.value).toBeCloseTo(pearson(R, L).value as number, 12);
    expect(s.spearman.value).toBeCloseTo(spearman(R, L).value as number, 12);
    expect(s.pearson.n).toBe(8);
  });

  it("an unbiased judge: all 'same', equal rewards → zero preference, null correlation", () => {
    const pairs: ProbePair[] = [100, 200, 300].map((l) => ({
      shorter: { length: l, reward: 0.2 },
      longer: { length: 2 * l, reward: 0.2 },
      verdict: "same",
    }));
    const s = summarizeLengthProbe(pairs);
    expect(s.longerBetterShare).toBe(0);
    expect(s.netLengthPreference).toBe(0);
    expect(s.pearson).toMatchObject({ value: null, reason: "zero_variance" });
  });

  it("empty input gives nulls, not NaN", () => {
    const s = summarizeLengthProbe([]);
    expect(s.longerBetterShare).toBeNull();
    expect(s.meanRewardGap).toBeNull();
    expect(s.pearson.value).toBeNull();
  });
});
