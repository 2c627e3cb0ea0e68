import { describe, expect, it } from "vitest";
import { lengthControlledWinRate, pearson } from "../../monitoring/index";
import { deriveStep, toSummary } from "./step-derived";
import { postStepInput } from "./step-input";

const metrics = { length_mean: 100, length_p50: 90, length_p90: 150, reward_mean: 0, reward_std: 0.5 };

describe("deriveStep", () => {
  const samples = [
    { prompt: "a", response: "x".repeat(40), reward: -0.5, correct: false },
    { prompt: "b", response: "x".repeat(80), reward: 0.2, correct: true },
    { prompt: "a", response: "x".repeat(120), reward: 0.6, correct: true },
    { prompt: "c", response: "x".repeat(160), reward: 0.9, correct: false },
    { prompt: "b", response: "x".repeat(60), reward: 3, correct: true, reference_length: 50 },
  ];
  const input = postStepInput.parse({ step: 4, metrics: { ...metrics, gold_win_rate: 0.4 }, samples });
  const refs = new Map([["a", 100], ["b", 90], ["c", 70]]);
  const d = deriveStep(input, (p) => refs.get(p), "h");

  it("correlates reward with the response length over the samples", () => {
    expect(d.summary.sampleCount).toBe(5);
    expect(d.summary.pearson.value).toBeCloseTo(pearson(samples.map((s) => s.reward), samples.map((s) => s.response.length)).value!, 12);
  });

  it("uses the gold-judge win rate as accuracy when no verifier accuracy is sent", () => {
    expect(d.summary.accuracy).toBe(0.4);
    expect(d.accuracySource).toBe("gold_win_rate");
  });

  it("LC win rate: preference = (reward + 1)/2 against the reference length; rewards outside [−1, 1] are left out", () => {
    const expected = lengthControlledWinRate([
      { modelLength: 40, baselineLength: 100, preference: 0.25 },
      { modelLength: 80, baselineLength: 90, preference: 0.6 },
      { modelLength: 120, baselineLength: 100, preference: 0.8 },
      { modelLength: 160, baselineLength: 70, preference: 0.95 },
    ]);
    expect(d.lc.n).toBe(4);
    expect(d.lc.value).toBeCloseTo(expected.lcWinRate!, 10);
    expect(d.lc.raw).toBeCloseTo(100 * (0.25 + 0.6 + 0.8 + 0.95) / 4, 10);
  });

  it("round-trips through the stored JSON", () => {
    expect(toSummary(JSON.parse(JSON.stringify(d)))).toEqual(d.summary);
    expect(toSummary({})).toBeNull();
  });
});
