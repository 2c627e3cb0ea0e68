import { describe, expect, it } from "vitest";
import type { StepSummary } from "../metrics/step-summary";
import { createRng } from "../simulator/rng";
import { resolveDetectorConfig } from "./config";
import { detectHumanDivergence } from "./human-divergence";
import { evaluateDetectors } from "./monitor";
import { summary } from "./test-helpers";

const cfg = resolveDetectorConfig().humanDivergence;

/**
 * A run of 30 steps whose GenRM win-rate rises 3 points a step from step 10; humans label `labelsPerStep` sampled rollouts
 * per step (Bernoulli draws of their true win-rate). `humansFollow` = the share of the GenRM's gain
 * humans also see (1: a genuine improvement, 0: reward hacking).
 */
function run(seed: number, humansFollow: number, labelsPerStep = 16, opts: { gold?: boolean } = {}): StepSummary[] {
  const rng = createRng(seed);
  return Array.from({ length: 30 }, (_, step) => {
    const gain = step < 10 ? 0 : 0.03 * (step - 10);
    const rewardMean = -0.1 + 2 * gain + 0.02 * rng.normal();
    const genrmWinRate = (rewardMean + 1) / 2;
    const trueHuman = 0.45 + humansFollow * gain;
    let wins = 0;
    for (let k = 0; k < labelsPerStep; k++) wins += rng.next() < trueHuman ? 1 : 0;
    const s: StepSummary = { ...summary(step, 800), rewardMean };
    if (opts.gold) return { ...s, goldWinRate: trueHuman + 0.01 * rng.normal() };
    return { ...s, humanCheck: { genrmWinRate: genrmWinRate + 0.01 * rng.normal(), humanWinRate: wins / labelsPerStep, labels: labelsPerStep } };
  });
}

describe("human_divergence detector (seeded)", () => {
  it.each([1, 2, 3, 4, 5])("fires when GenRM reward rises and the humans' win-rate does not (seed %i)", (seed) => {
    const alerts = detectHumanDivergence(run(seed, 0), cfg);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]!.step).toBeGreaterThan(10);
    expect(alerts[0]!.statistic).toBe("human_gap_rise");
    expect(alerts[0]!.message).toMatch(/humans \(\d+ blind labels/);
    expect(evaluateDetectors(run(seed, 0)).some((a) => a.detector === "human_divergence")).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])("stays quiet when humans see the same gain (seed %i)", (seed) => {
    expect(detectHumanDivergence(run(seed, 1), cfg)).toEqual([]);
  });

  it("stays quiet while the reward is flat, however humans vote", () => {
    const flat = run(9, 0).map((s) => ({ ...s, rewardMean: -0.1 }));
    expect(detectHumanDivergence(flat, cfg)).toEqual([]);
  });

  it("needs enough labels: a handful of human checks is not evidence", () => {
    expect(detectHumanDivergence(run(3, 0, 1), cfg)).toEqual([]);
  });

  it("falls back to the trainer's gold win-rate when no human checks exist", () => {
    const hacked = detectHumanDivergence(run(11, 0, 0, { gold: true }), cfg);
    expect(hacked[0]?.statistic).toBe("gold_gap_rise");
    expect(detectHumanDivergence(run(11, 1, 0, { gold: true }), cfg)).toEqual([]);
  });
});
