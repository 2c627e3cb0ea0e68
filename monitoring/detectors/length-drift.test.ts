import { describe, expect, it } from "vitest";
import { resolveDetectorConfig } from "./config";
import { detectLengthDrift } from "./length-drift";
import { detectLengthGrowth } from "./length-growth";
import { evaluateDetectors } from "./monitor";
import { summary } from "./test-helpers";

const cfg = resolveDetectorConfig({}).lengthGrowth; // maxDrift 1.5, windows of 4 steps

/** L_i = start · e^{pace·i}, steps numbered from 1 */
const steady = (n: number, pace: number, accuracy: (i: number) => number | null = () => 0.5, start = 100) =>
  Array.from({ length: n }, (_, i) => summary(i + 1, start * Math.exp(pace * i), accuracy(i)));

describe("detectLengthDrift", () => {
  it("alarms on steady growth from the first step with flat accuracy — which the CUSUM takes for the run's pace", () => {
    // ref = mean ln L over steps 1–4 = ln 100 + 0.075; level at index i = ln 100 + 0.05·(i − 1.5);
    // the gap 0.05·(i − 3) first exceeds ln 1.5 = 0.405 at i = 12, i.e. step 13
    const steps = steady(30, 0.05);
    expect(detectLengthGrowth(steps, cfg).alerts).toEqual([]);
    const alerts = detectLengthDrift(steps, cfg);
    expect(alerts[0]).toMatchObject({ detector: "length_drift", statistic: "length_ratio_to_reference", step: 13, threshold: 1.5 });
    expect(alerts[0]!.value).toBeCloseTo(Math.exp(0.05 * 9), 9);
    expect(alerts[0]!.evidenceSteps).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(alerts[0]!.message).toMatch(/Length drift: mean length 108 → 169 chars \(1\.57× > 1\.5×\) from steps 1–4 to 10–13/);
    // the reference moves to steps 10–13: the next alarm needs another 1.5× (gap 0.05·(j − 12) > 0.405 → j = 21, step 22)
    expect(alerts.map((a) => a.step)).toEqual([13, 22]);
  });

  it("a late surge is not excused by slow accuracy drift over the whole run (level against level)", () => {
    // flat at 17 chars for 50 steps, then +10 %/step; accuracy +0.001/step all along. Over steps 1–4 vs
    // the last 4 the accuracy rose ~0.05, far from the 0.15 × Δln L that would pay for 2× the length.
    const steps = Array.from({ length: 60 }, (_, i) => summary(i + 1, i < 50 ? 17 : 17 * Math.exp(0.095 * (i - 49)), 0.4 + 0.001 * i));
    const alerts = detectLengthDrift(steps, cfg);
    expect(alerts.map((a) => a.step)).toEqual([56]);
    expect(alerts[0]!.message).toMatch(/from steps 1–4 to 53–56; accuracy 0\.402 → 0\.454, not the \+0\.064 that would pay for the growth/);
  });

  it("stays quiet when accuracy pays for the growth, and when lengths only wander", () => {
    expect(detectLengthDrift(steady(40, 0.05, (i) => 0.3 + 0.02 * i), cfg)).toEqual([]);
    const wander = Array.from({ length: 60 }, (_, i) => summary(i + 1, 800 * Math.exp(0.15 * Math.sin(i / 3)), 0.5));
    expect(detectLengthDrift(wander, cfg)).toEqual([]);
  });

  it("needs two windows of steps, and does nothing when off", () => {
    expect(detectLengthDrift(steady(7, 0.3), cfg)).toEqual([]);
    expect(detectLengthDrift(steady(8, 0.3), cfg).map((a) => a.step)).toEqual([8]);
    expect(detectLengthDrift(steady(30, 0.3), resolveDetectorConfig({ lengthGrowth: { maxDrift: null } }).lengthGrowth)).toEqual([]);
  });

  it("is one of the monitor's detectors, and a bad knob is refused by name", () => {
    expect(evaluateDetectors(steady(30, 0.05)).filter((a) => a.detector === "length_drift").map((a) => a.step)).toEqual([13, 22]);
    expect(() => resolveDetectorConfig({ lengthGrowth: { maxDrift: 1 } })).toThrow(/lengthGrowth\.maxDrift/);
    expect(() => resolveDetectorConfig({ lengthGrowth: { driftWindowSteps: 1 } })).toThrow(/lengthGrowth\.driftWindowSteps/);
  });
});
