import { describe, expect, it } from "vitest";
import { compareGrowth, olsSlope } from "./growth";

describe("olsSlope", () => {
  it("matches a hand computation, with its standard error", () => {
    // x = [1,2,3,4], y = [2,3,5,6]; means 2.5 and 4; dx = [-1.5,-.5,.5,1.5], dy = [-2,-1,1,2]
    // Sxy = 3+.5+.5+3 = 7, Sxx = 5 → b = 1.4, a = 4 − 1.4·2.5 = 0.5
    // fitted [1.9,3.3,4.7,6.1] → residuals [.1,−.3,.3,−.1], SSR = .2
    // se(b) = √(SSR/(n−2)/Sxx) = √(.2/2/5) = √.02 = 0.1414…, t = 1.4/0.1414 = 9.899
    const s = olsSlope([1, 2, 3, 4], [2, 3, 5, 6]);
    expect(s.slope).toBeCloseTo(1.4, 12);
    expect(s.intercept).toBeCloseTo(0.5, 12);
    expect(s.se).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(s.t).toBeCloseTo(1.4 / Math.sqrt(0.02), 10);
  });

  it("is null with a reason when undefined", () => {
    expect(olsSlope([1, 2], [1, 2])).toMatchObject({ slope: null, reason: "too_few_samples" });
    expect(olsSlope([3, 3, 3], [1, 2, 3])).toMatchObject({ slope: null, reason: "zero_variance" });
  });
});

describe("compareGrowth", () => {
  it("reports length growing 10 %/step while accuracy is flat", () => {
    // L_t = 500·e^{0.1 t} exactly → slope of ln L is 0.1 with zero residuals; accuracy constant → slope 0
    const points = [3, 1, 2, 5, 4].map((step) => ({ step, lengthMean: 500 * Math.exp(0.1 * step), accuracy: 0.6, rewardMean: 0.1 * step }));
    const g = compareGrowth(points);
    expect(g.fromStep).toBe(1);
    expect(g.toStep).toBe(5);
    expect(g.logLength.slope).toBeCloseTo(0.1, 12);
    expect(g.logLength.se).toBeCloseTo(0, 12);
    expect(g.lengthGrowthPctPerStep).toBeCloseTo(100 * (Math.exp(0.1) - 1), 10); // 10.517 %
    expect(g.accuracy.slope).toBeCloseTo(0, 12);
    expect(g.accuracy.t).toBeNull(); // exact fit: no t statistic
    expect(g.reward.slope).toBeCloseTo(0.1, 12);
  });

  it("skips steps without accuracy for the accuracy slope", () => {
    const g = compareGrowth([
      { step: 1, lengthMean: 100, accuracy: 0.1 },
      { step: 2, lengthMean: 100, accuracy: null },
      { step: 3, lengthMean: 100, accuracy: 0.3 },
      { step: 4, lengthMean: 100, accuracy: 0.4 },
    ]);
    expect(g.accuracy.n).toBe(3);
    // (1, .1), (3, .3), (4, .4) lie on y = 0.1·x
    expect(g.accuracy.slope).toBeCloseTo(0.1, 12);
    expect(g.logLength.slope).toBeCloseTo(0, 12);
  });
});
