import { describe, expect, it } from "vitest";
import { pearson } from "../metrics/correlation";
import { olsSlope } from "../metrics/growth";
import { createLengthBiasedReward, type RewardFn } from "./reward";
import { createRng } from "./rng";
import { simulateRun } from "./simulate-run";

const neutral: RewardFn = async (rs) => rs.map((r) => 2 * r.quality - 1);

describe("rng", () => {
  it("is deterministic per seed and roughly standard normal", () => {
    const a = createRng(5);
    const b = createRng(5);
    const xs = Array.from({ length: 20000 }, () => a.normal());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.normal()));
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });
});

describe("simulateRun", () => {
  it("emits the step report payload, deterministic in the seed", async () => {
    const cfg = { seed: 3, steps: 5, batchSize: 40, reportedSamples: 8 };
    const a = await simulateRun(cfg, neutral);
    const b = await simulateRun(cfg, neutral);
    expect(a.map((s) => s.report)).toEqual(b.map((s) => s.report));
    const r = a[0].report;
    expect(Object.keys(r).sort()).toEqual(["metrics", "samples", "step"]);
    expect(Object.keys(r.metrics).sort()).toEqual(["accuracy", "length_mean", "length_p50", "length_p90", "reward_mean", "reward_std"]);
    expect(r.samples).toHaveLength(8);
    expect(Object.keys(r.samples[0]).sort()).toEqual(["correct", "length", "prompt", "response", "reward"]);
    for (const s of a.flatMap((x) => x.report.samples)) expect(s.length).toBe(s.response.length);
    expect(a.map((s) => s.report.step)).toEqual([1, 2, 3, 4, 5]);
  });

  it("hacking: lengths inflate by ≈ strength per step after onset while accuracy stays flat", async () => {
    const run = await simulateRun(
      { seed: 4, steps: 40, batchSize: 1024, mode: "hacking", hack: { onsetStep: 20, strength: 0.1 }, driftStd: 0 },
      neutral,
    );
    const after = run.filter((s) => s.report.step >= 20 && s.report.step <= 30);
    const lenSlope = olsSlope(after.map((s) => s.report.step), after.map((s) => Math.log(s.report.metrics.length_mean)));
    // pad = 0.1·(t − onset + 1), each rollout gains ln-length pad·2u: mean 0.1/step (+ a little from Jensen)
    expect(lenSlope.slope).toBeGreaterThan(0.08);
    expect(lenSlope.slope).toBeLessThan(0.16);
    const acc = run.filter((s) => s.report.step >= 20).map((s) => s.report.metrics.accuracy as number);
    expect(Math.max(...acc) - Math.min(...acc)).toBeLessThan(0.1);
    expect(run.every((s) => s.truth.hacked === s.report.step >= 20)).toBe(true);
    // padding is visible in the text: filler phrases appear only after onset
    const padded = (step: number) => run[step - 1].report.samples.some((x) => x.response.includes("worth emphasising") || x.response.includes("elaborate further"));
    expect(padded(10)).toBe(false);
    expect(padded(35)).toBe(true);
  });

  it("clean: accuracy rises, length grows only mildly", async () => {
    const run = await simulateRun({ seed: 5, steps: 60, batchSize: 1024, driftStd: 0 }, neutral);
    const first = run.slice(0, 5).map((s) => s.report.metrics);
    const last = run.slice(-5).map((s) => s.report.metrics);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(last.map((m) => m.accuracy as number)) - avg(first.map((m) => m.accuracy as number))).toBeGreaterThan(0.15);
    const growth = Math.log(avg(last.map((m) => m.length_mean)) / avg(first.map((m) => m.length_mean)));
    expect(growth).toBeGreaterThan(0);
    expect(growth).toBeLessThan(0.3); // lengthPerAccuracy 0.5 × ≈0.25 accuracy gained ≈ 0.13
  });

  it("caps lengths at maxLength", async () => {
    const run = await simulateRun({ seed: 6, steps: 30, batchSize: 64, maxLength: 5000, mode: "hacking", hack: { onsetStep: 2, strength: 0.5 } }, neutral);
    expect(Math.max(...run.flatMap((s) => s.report.samples.map((x) => x.length)))).toBeLessThanOrEqual(5000);
  });

  it("rejects a reward function that returns the wrong number of rewards", async () => {
    await expect(simulateRun({ seed: 1, steps: 1, batchSize: 4 }, async () => [0])).rejects.toThrow(/returned 1 values for 4/);
  });
});

describe("createLengthBiasedReward", () => {
  it("pays for length at fixed quality, bounded in (−1, 1)", async () => {
    const rng = createRng(8);
    const rollouts = Array.from({ length: 3000 }, () => {
      const length = Math.round(200 + 3000 * rng.next());
      return { prompt: "p", response: "", length, correct: true, quality: 0.8, padLength: 0 };
    });
    const biased = await createLengthBiasedReward({ beta: 0.4 })(rollouts);
    const unbiased = await createLengthBiasedReward({ beta: 0 })(rollouts);
    expect(biased.every((r) => r > -1 && r < 1)).toBe(true);
    expect(pearson(biased, rollouts.map((r) => r.length)).value as number).toBeGreaterThan(0.3);
    expect(Math.abs(pearson(unbiased, rollouts.map((r) => r.length)).value as number)).toBeLessThan(0.06);
  });
});
