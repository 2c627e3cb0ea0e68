import { describe, expect, it } from "vitest";
import { resolveDetectorConfig } from "./config";
import { detectLengthGrowth } from "./length-growth";
import { lengthsFromIncrements, summary } from "./test-helpers";

// A small warm-up (5 steps → 4 increments ±0.01) and a baseline that never moves on (lag 100) keep
// the hand computation short.
const cfg = resolveDetectorConfig({
  lengthGrowth: { warmupSteps: 5, baselineLag: 100, cusumK: 0.5, cusumH: 6, minIncrementStd: 0.02 },
}).lengthGrowth;

describe("detectLengthGrowth", () => {
  it("alerts when a surge accumulates past h (hand computation)", () => {
    // warm-up increments [.01,−.01,.01,−.01]: mean 0, sample std √(4·1e−4/3) = 0.0115 → floored to σ0 = 0.02
    // surge increments 0.06 → z = 0.06/0.02 = 3; S = max(0, S + z − k): 2.5, 5.0, 7.5 → crosses h = 6 at the 3rd
    const lengths = lengthsFromIncrements(1000, [0.01, -0.01, 0.01, -0.01, 0.06, 0.06, 0.06, 0.06]);
    const steps = lengths.map((l, i) => summary(i + 1, l, 0.5));
    const r = detectLengthGrowth(steps, cfg);
    expect(r.baseline?.mean).toBeCloseTo(0, 12);
    expect(r.baseline?.std).toBe(0.02);
    expect(r.trace.map((t) => Number(t.s.toFixed(6)))).toEqual([2.5, 5, 7.5, 2.5]); // S restarts at 0 after the alarm
    expect(r.alerts).toHaveLength(1);
    const a = r.alerts[0];
    expect(a).toMatchObject({ detector: "length_growth_cusum", statistic: "cusum_log_length_increment", step: 8, threshold: 6 });
    expect(a.value).toBeCloseTo(7.5, 9);
    // run-up began at step 6; the evidence reaches back to the level before it and ≥ 5 steps: 4..8
    expect(a.evidenceSteps).toEqual([4, 5, 6, 7, 8]);
    expect(a.message).toMatch(/7\.50 > 6 at step 8/);
  });

  it("growth at the warm-up pace never alarms", () => {
    // a run that always lengthens 3 %/step ± 1 %: standardised increments stay near 0
    const inc = Array.from({ length: 60 }, (_, i) => 0.03 + (i % 2 ? 0.01 : -0.01));
    const steps = lengthsFromIncrements(800, inc).map((l, i) => summary(i + 1, l));
    expect(detectLengthGrowth(steps, cfg).alerts).toEqual([]);
  });

  it("holds the alarm while accuracy pays for the growth, fires once it stops paying", () => {
    const inc = [0.01, -0.01, 0.01, -0.01, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06];
    const lengths = lengthsFromIncrements(1000, inc);
    // accuracy +4 pp/step through step 9 (0.04 ≫ 0.15 × 0.06 = 0.009 needed), then flat
    const acc = (step: number) => 0.4 + 0.04 * Math.max(0, Math.min(step, 9) - 5);
    const steps = lengths.map((l, i) => summary(i + 1, l, acc(i + 1)));
    const r = detectLengthGrowth(steps, cfg);
    // S: 2.5, 5, 7.5 > 6 at step 8 → window 4..8 has accuracy slope 0.032 ≫ the bar (0.15 × ln-length slope ≤ 0.009): gated, S restarts at 0;
    // again 2.5, 5, 7.5 at step 11 → window 7..11: accuracy [.48,.52,.56,.56,.56], slope 0.02: gated again;
    // at step 14 the window 10..14 has flat accuracy (slope 0 < 0.009) → the growth is no longer paid for
    expect(r.trace.filter((t) => t.gated).map((t) => t.step)).toEqual([8, 11]);
    expect(r.alerts.map((a) => a.step)).toEqual([14]);
    expect(r.alerts[0].evidenceSteps).toEqual([10, 11, 12, 13, 14]);
    expect(r.alerts[0].message).toMatch(/accuracy slope \+0\.0000\/step .* not clearly above the 0\.0090\/step/);
  });

  it("without accuracy reports, the gate cannot hold anything back", () => {
    const lengths = lengthsFromIncrements(1000, [0.01, -0.01, 0.01, -0.01, 0.06, 0.06, 0.06]);
    const r = detectLengthGrowth(lengths.map((l, i) => summary(i + 1, l, null)), cfg);
    expect(r.alerts.map((a) => a.step)).toEqual([8]);
    expect(r.alerts[0].message).toMatch(/accuracy not reported/);
  });

  it("does nothing before the warm-up is complete, and nothing when disabled", () => {
    const steps = [1000, 2000, 4000, 8000, 16000].map((l, i) => summary(i + 1, l));
    expect(detectLengthGrowth(steps, cfg)).toEqual({ alerts: [], baseline: null, trace: [] });
    const many = lengthsFromIncrements(1000, Array(20).fill(0.5)).map((l, i) => summary(i + 1, l));
    expect(detectLengthGrowth(many, { ...cfg, enabled: false }).alerts).toEqual([]);
  });

  it("the baseline grows with lagged history", () => {
    const lagged = { ...cfg, baselineLag: 3, baselineMaxSteps: 6 };
    const inc = [0.01, -0.01, 0.01, -0.01, 0.03, -0.03, 0.03, -0.03, 0.03, -0.03];
    const steps = lengthsFromIncrements(1000, inc).map((l, i) => summary(i + 1, l));
    const r = detectLengthGrowth(steps, lagged);
    // last step index 10 → increments up to index 7 are old enough; at most 6 of them: indices 2..7
    expect(r.baseline?.steps).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});
