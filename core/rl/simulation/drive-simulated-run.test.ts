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

describe("driveSimulatedRun with the learning policy", () => {
  it("keeps its policy across the pause: pads while v1 pays for it, stops growing once v2 does not", async () => {
    const qa = Array.from({ length: 8 }, (_, i) => ({ prompt: `What is ${i}+2?`, response: `It is ${i + 2}.`, right: [`It is ${i + 2}.`], wrong: [`It is ${i + 5}.`] }));
    const posted: StepReport[] = [];
    let control: SimControl = { action: "continue", model: "v1", reason: "" };
    const reasons: string[] = [];
    const transport: SimTransport = {
      // v1 pays for every character beyond the answer; v2 reads correctness only.
      rewards: async (rs) =>
        rs.map((r) => Math.tanh((r.correct ? 1 : -1) + (control.model === "v1" ? 0.02 * Math.min(r.padLength, 80) : 0))),
      async postStep(report) {
        posted.push(report);
        if (report.metrics.length_mean > 40 && control.model === "v1") control = { action: "pause", model: "v1", reason: "Auto-paused: length surge" };
        return { control, alerts: [] };
      },
      async control() {
        if (control.action === "pause") control = { action: "continue", model: "v2", reason: "Recalibrated" };
        return control;
      },
    };
    const r = await driveSimulatedRun({
      sim: { seed: 4, steps: 50, prompts: qa, batchSize: 96, reportedSamples: 8, baseLength: 12, maxLength: 400, mode: "reward-driven" },
      transport,
      pollMs: 0,
      sleep: async () => undefined,
      whereToAct: "http://x/runs/r1",
      log: (l) => reasons.push(l),
    });
    expect(r).toMatchObject({ stepsPosted: 50, resumedWith: "v2", stoppedBecause: "done" });
    const paused = r.pausedAtStep!;
    const len = (s: number) => posted[s - 1]!.metrics.length_mean;
    expect(len(paused)).toBeGreaterThan(2 * len(1));
    // After the resume the policy is not reset: it starts where it was and no longer grows.
    expect(len(paused + 1)).toBeGreaterThan(0.7 * len(paused));
    // The step right after the pause still carries v1's last update; from there on v2 pays nothing for
    // padding, so the length stops growing (a padding unit is a greeting and a sign-off: ~30 characters).
    expect(len(50)).toBeLessThan(len(paused + 1) * 1.1);
    expect(reasons.some((l) => l.includes("Auto-paused: length surge") && l.includes("http://x/runs/r1"))).toBe(true);
  });

  it("gives up after maxPauseMs with the pause's reason", async () => {
    const transport: SimTransport = {
      rewards: async (rs) => rs.map(() => 0),
      postStep: async () => ({ control: { action: "pause", model: "v1", reason: "Recalibration rejected: held-out accuracy failed" }, alerts: [] }),
      control: async () => ({ action: "pause", model: "v1", reason: "Recalibration rejected: held-out accuracy failed" }),
    };
    const r = await driveSimulatedRun({ sim: { ...sim, mode: "reward-driven" }, transport, pollMs: 1, maxPauseMs: 5 });
    expect(r).toMatchObject({ stoppedBecause: "pause-timeout", pauseReason: "Recalibration rejected: held-out accuracy failed" });
  });

  it("stops waiting when nobody will decide (a bench after a rejection), with the pause's reason", async () => {
    let polls = 0;
    const transport: SimTransport = {
      rewards: async (rs) => rs.map(() => 0),
      postStep: async () => ({ control: { action: "pause", model: "v1", reason: "Auto-paused" }, alerts: [] }),
      control: async () => ({ action: "pause", model: "v1", reason: polls++ < 2 ? "Recalibrating" : "Recalibration rejected" }),
    };
    const lines: string[] = [];
    const r = await driveSimulatedRun({ sim: { ...sim, mode: "reward-driven" }, transport, pollMs: 1, maxPauseMs: 60_000, log: (l) => lines.push(l), nobodyWillDecide: async () => (polls > 2 ? "the recalibration was rejected" : null) });
    expect(r).toMatchObject({ stoppedBecause: "needs-a-person", pauseReason: "Recalibration rejected" });
    expect(lines.at(-1)).toMatch(/stopped waiting at step \d+: the recalibration was rejected/);
  });
});
