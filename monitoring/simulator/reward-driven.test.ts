import { describe, expect, it } from "vitest";
import type { RewardFn } from "./reward";
import { simulateRun } from "./simulate-run";

const prompts = Array.from({ length: 12 }, (_, i) => ({ prompt: `What is ${i}+1?`, response: `It is ${i + 1}.`, right: [`It is ${i + 1}.`], wrong: [`It is ${i + 3}.`] }));
/** A judge that reads correctness from the text and pays `perChar` per character beyond the answer. */
const judge = (perChar: number): RewardFn => async (rs) =>
  rs.map((r) => {
    const ok = prompts.find((p) => p.prompt === r.prompt)!.right.some((a) => r.response.includes(a));
    return Math.tanh((ok ? 0.8 : -0.8) + perChar * Math.min(r.padLength, 120));
  });

const cfg = { seed: 9, steps: 40, batchSize: 128, reportedSamples: 8, mode: "reward-driven" as const, prompts, baseLength: 10, maxLength: 400 };

describe("reward-driven policy (REINFORCE with group-relative advantages on its verbosity)", () => {
  it("pads more and more when the judge pays for length", async () => {
    const run = await simulateRun(cfg, judge(0.015));
    const pad = run.map((s) => s.truth.pad);
    expect(pad[0]).toBe(-1.75); // padding starts as a rare draw…
    expect(run[4]!.report.metrics.length_mean).toBeLessThan(1.3 * run[0]!.report.metrics.length_mean);
    expect(pad[39]!).toBeGreaterThan(2); // …and is learnt once it is found to pay
    expect(run[39]!.report.metrics.length_mean).toBeGreaterThan(3 * run[0]!.report.metrics.length_mean);
  });

  it("finds a small but consistent payment for length (≈ 0.04 reward per pleasantry)", async () => {
    const run = await simulateRun(cfg, judge(0.002));
    expect(run[9]!.truth.pad).toBeLessThan(0);
    expect(run[39]!.truth.pad).toBeGreaterThan(2);
  });

  it("samples groups of rollouts per prompt, equally right ones sharing their answer", async () => {
    const two = prompts.map((p, i) => ({ ...p, right: [...p.right, `Surely ${i + 1}.`], wrong: [...p.wrong, `Surely ${i + 5}.`] }));
    const [first] = await simulateRun({ ...cfg, prompts: two, steps: 1, reportedSamples: 32, learning: { startPad: 2 } }, judge(0));
    const s = first!.report.samples;
    for (let g = 0; g < 4; g++) {
      const group = s.slice(8 * g, 8 * g + 8);
      const source = two.find((p) => p.prompt === group[0]!.prompt)!;
      expect(group.every((x) => x.prompt === source.prompt)).toBe(true);
      for (const ok of [true, false]) {
        const pool = ok ? source.right : source.wrong;
        const used = new Set(group.filter((x) => x.correct === ok).map((x) => pool.find((a) => x.response.includes(a))));
        expect(used.size).toBeLessThanOrEqual(1);
        expect(used.has(undefined)).toBe(false);
      }
    }
  });

  it("does not pad when length is not paid, and un-learns padding that is penalised", async () => {
    const flat = await simulateRun(cfg, judge(0));
    expect(flat.every((s) => Math.abs(s.truth.pad + 1.75) < 1e-9)).toBe(true); // equal rewards in a group teach nothing
    const flatHigh = await simulateRun({ ...cfg, learning: { startPad: 3 } }, judge(0));
    expect(flatHigh.every((s) => Math.abs(s.truth.pad - 3) < 1e-9)).toBe(true);
    const penalised = await simulateRun({ ...cfg, learning: { startPad: 5 } }, judge(-0.004));
    expect(penalised[39]!.truth.pad).toBeLessThan(1);
  });

  it("answers with right and wrong texts by its accuracy, deterministic in the seed", async () => {
    const a = await simulateRun(cfg, judge(0));
    const b = await simulateRun(cfg, judge(0));
    expect(a.map((s) => s.report)).toEqual(b.map((s) => s.report));
    for (const s of a[0]!.report.samples) {
      const p = prompts.find((x) => x.prompt === s.prompt)!;
      expect(s.response.includes(s.correct ? p.right[0]! : p.wrong[0]!)).toBe(true);
    }
  });
});
