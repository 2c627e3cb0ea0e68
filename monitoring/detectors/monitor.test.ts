import { describe, expect, it } from "vitest";
import { createLengthBiasedReward } from "../simulator/reward";
import { createRng } from "../simulator/rng";
import { simulateRun } from "../simulator/simulate-run";
import { resolveDetectorConfig } from "./config";
import { createBiasMonitor, evaluateDetectors } from "./monitor";
import { lengthsFromIncrements, summary } from "./test-helpers";

const surge = () =>
  lengthsFromIncrements(1000, [...Array(14).fill(0).map((_, i) => (i % 2 ? 0.01 : -0.01)), ...Array(10).fill(0.08)]).map((l, i) =>
    summary(i + 1, l, 0.5),
  );

describe("createBiasMonitor", () => {
  it("gives the same alerts whatever order the steps arrive in (property)", () => {
    const steps = surge();
    const inOrder = evaluateDetectors(steps);
    expect(inOrder.length).toBeGreaterThan(0);
    const rng = createRng(31);
    for (let t = 0; t < 25; t++) {
      const shuffled = [...steps];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const m = createBiasMonitor();
      const returned = shuffled.flatMap((s) => m.ingestSummary(s));
      expect(m.alerts()).toEqual(inOrder);
      // every current alert was returned exactly once along the way
      for (const a of inOrder) expect(returned.filter((r) => r.detector === a.detector && r.step === a.step)).toHaveLength(1);
      expect(m.summaries().map((s) => s.step)).toEqual(steps.map((s) => s.step));
    }
  });

  it("returns each alert once, and a re-sent step replaces the old one", () => {
    const steps = surge();
    const m = createBiasMonitor();
    const first = steps.flatMap((s) => m.ingestSummary(s));
    expect(first.length).toBeGreaterThan(0);
    expect(steps.flatMap((s) => m.ingestSummary(s))).toEqual([]); // idempotent re-delivery
    expect(m.summaries()).toHaveLength(steps.length);
  });

  it("a late step re-evaluates history: alerts match the complete run, each returned once", () => {
    const steps = surge();
    const alertStep = evaluateDetectors(steps)[0].step;
    const late = steps.find((s) => s.step === alertStep - 1)!;
    const m = createBiasMonitor();
    const returned = steps.filter((s) => s !== late).flatMap((s) => m.ingestSummary(s));
    returned.push(...m.ingestSummary(late));
    expect(m.alerts()).toEqual(evaluateDetectors(steps));
    for (const a of m.alerts()) expect(returned.filter((r) => r.detector === a.detector && r.step === a.step)).toHaveLength(1);
  });

  it("rejects an invalid config with the knob's name", () => {
    expect(() => createBiasMonitor({ coupling: { m: 5, n: 4 } })).toThrow(/coupling\.m/);
    expect(() => resolveDetectorConfig({ lengthGrowth: { warmupSteps: 2 } })).toThrow(/warmupSteps/);
  });
});

describe("end to end on simulated runs (seeds outside the benchmark's)", () => {
  const reward = (seed: number) => createLengthBiasedReward({ seed, beta: 0.3 });

  it("a hacked run is flagged within a few steps of onset, with a readable message", async () => {
    const run = await simulateRun({ seed: 900_001, batchSize: 512, mode: "hacking", hack: { onsetStep: 30, strength: 0.15 } }, reward(1));
    const m = createBiasMonitor();
    const alerts = run.flatMap((s) => m.ingest(s.report));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0].step).toBeGreaterThanOrEqual(30);
    expect(alerts[0].step).toBeLessThanOrEqual(33);
    expect(alerts[0].message).toMatch(/Length surge/);
  });

  it("a clean run that improves (even with a genuine length+accuracy jump) is not flagged", async () => {
    const run = await simulateRun(
      { seed: 900_002, batchSize: 512, mode: "clean", accuracyJump: { step: 30, size: 0.15, lengthGain: 0.25, duration: 4 } },
      reward(2),
    );
    const m = createBiasMonitor();
    expect(run.flatMap((s) => m.ingest(s.report))).toEqual([]);
  });
});
