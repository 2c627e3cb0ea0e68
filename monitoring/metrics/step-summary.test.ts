import { describe, expect, it } from "vitest";
import { computeStepMetrics, summarizeStep } from "./step-summary";

describe("computeStepMetrics", () => {
  it("matches a hand computation", () => {
    const m = computeStepMetrics([
      { length: 300, reward: 0, correct: 1 },
      { length: 100, reward: -1, correct: true },
      { length: 1000, reward: 0.5, correct: null },
      { length: 200, reward: 0, correct: false },
      { length: 400, reward: 1, correct: 0 },
    ]);
    // lengths sorted [100,200,300,400,1000]: mean 2000/5 = 400; p50 = 300;
    // p90: position 0.9·4 = 3.6 → 400 + 0.6·(1000 − 400) = 760
    expect(m.length_mean).toBe(400);
    expect(m.length_p50).toBe(300);
    expect(m.length_p90).toBeCloseTo(760, 12);
    // rewards [0,−1,.5,0,1]: mean 0.1; deviations −.1,−1.1,.4,−.1,.9 → Σd² = .01+1.21+.16+.01+.81 = 2.2
    // population std √(2.2/5) = √0.44
    expect(m.reward_mean).toBeCloseTo(0.1, 12);
    expect(m.reward_std).toBeCloseTo(Math.sqrt(0.44), 12);
    // accuracy over the 4 verified rollouts: (1 + 1 + 0 + 0)/4
    expect(m.accuracy).toBe(0.5);
  });

  it("accuracy is null when nothing is verifiable", () => {
    expect(computeStepMetrics([{ length: 1, reward: 0, correct: null }]).accuracy).toBeNull();
  });
});

describe("summarizeStep", () => {
  it("computes the correlations over the reported samples only", () => {
    const samples = [1, 2, 3, 4, 5].map((i) => ({ prompt: "p", response: "x".repeat(i * 10), reward: i / 10, length: i * 10, correct: i > 2 }));
    const s = summarizeStep({
      step: 7,
      metrics: { length_mean: 999, length_p50: 1, length_p90: 1, reward_mean: 0, reward_std: 0, accuracy: 0.4 },
      samples,
    });
    expect(s).toMatchObject({ step: 7, lengthMean: 999, accuracy: 0.4, sampleCount: 5 });
    expect(s.pearson.value).toBeCloseTo(1, 12);
    expect(s.spearman.value).toBeCloseTo(1, 12);
  });
});
