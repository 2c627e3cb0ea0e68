import { describe, expect, it } from "vitest";
import type { StepReport } from "../../../monitoring/index";
import { driveSimulatedRun, type SimControl, type SimTransport } from "./drive-simulated-run";

const prompts = Array.from({ length: 10 }, (_, i) => ({ prompt: `q${i}`, response: `answer number ${i}` }));

/** A fake platform: pauses at `pauseAt`, says "continue on v2" after `pollsToResume` control reads. */
function fakePlatform(pauseAt: number, pollsToResume: number) {
  const posted: StepReport[] = [];
  let control: SimControl = { action: "continue", model: "v1", reason: "" };
  let polls = 0;
  const transport: SimTransport = {
    rewards: async (rs) => rs.map((r) => Math.tanh(r.length / 200)),
    async postStep(report) {
      posted.push(report);
      if (report.step === pauseAt && control.model === "v1") control = { action: "pause", model: "v1", reason: "alert" };
      return { control, alerts: report.step === pauseAt ? [{ step: pauseAt, message: "surge" }] : [] };
    },
    async control() {
      if (control.action === "pause" && ++polls >= pollsToResume) control = { action: "continue", model: "v2", reason: "recalibrated" };
      return control;
    },
  };
  return { transport, posted };
}

const sim = { seed: 3, steps: 20, prompts, batchSize: 16, reportedSamples: 8, baseLength: 30, maxLength: 400, mode: "hacking" as const, hack: { onsetStep: 5, strength: 0.3 } };

describe("driveSimulatedRun", () => {
  it("waits out a pause, resumes on the new model without padding, and numbers steps continuously", async () => {
    const { transport, posted } = fakePlatform(8, 3);
    const r = await driveSimulatedRun({ sim, transport, pollMs: 0, sleep: async () => undefined });
    expect(posted.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(r).toMatchObject({ stepsPosted: 20, lastStep: 20, pausedAtStep: 8, resumedAtStep: 9, resumedWith: "v2", stoppedBecause: "done" });
    expect(r.alerts).toEqual([{ step: 8, message: "surge" }]);
    // padding grew until the pause, and the resumed (clean) policy is back near its base length
    const len = (s: number) => posted[s - 1]!.metrics.length_mean;
    expect(len(8)).toBeGreaterThan(1.5 * len(4));
    expect(len(12)).toBeLessThan(len(8));
  });

  it("stops at the first pause when asked, and gives up after maxPauseMs", async () => {
    const a = fakePlatform(6, 1e9);
    expect(await driveSimulatedRun({ sim, transport: a.transport, stopOnPause: true })).toMatchObject({ stoppedBecause: "paused", lastStep: 6 });
    const b = fakePlatform(6, 1e9);
    const r = await driveSimulatedRun({ sim, transport: b.transport, pollMs: 1, maxPauseMs: 5 });
    expect(r).toMatchObject({ stoppedBecause: "pause-timeout", lastStep: 6, resumedAtStep: null });
  });

  it("calls onPause once per pause before waiting", async () => {
    const { transport } = fakePlatform(7, 1);
    const calls: number[] = [];
    await driveSimulatedRun({ sim, transport, pollMs: 0, sleep: async () => undefined, onPause: async (_c, step) => void calls.push(step) });
    expect(calls).toEqual([7]);
  });
});
