import { describe, expect, it } from "vitest";
import { applyTrainerEvent, formatProgressLine, MAX_POINTS, progressFraction, rewindToCheckpoint, type ProgressData } from "./progress-data";

const prog = (step: number, extra: Record<string, unknown> = {}) => ({ type: "progress", epoch: 1, step, total_steps: 100, loss: 1 / step, ex_per_s: 50, ...extra });

describe("trainer events → progress data", () => {
  it("builds the loss curve and merges an evaluation line into the point of its step", () => {
    let pd: ProgressData = {};
    pd = applyTrainerEvent(pd, prog(10));
    pd = applyTrainerEvent(pd, prog(20));
    pd = applyTrainerEvent(pd, prog(20, { val_loss: 0.9, val_accuracy: 0.6 }));
    expect(pd.points).toEqual([{ step: 10, loss: 0.1 }, { step: 20, loss: 0.05, valLoss: 0.9, valAccuracy: 0.6 }]);
    expect(pd).toMatchObject({ phase: "training", step: 20, totalSteps: 100, valAccuracy: 0.6, exPerS: 50 });
    expect(progressFraction(pd)).toBeCloseTo(0.19, 10);
  });

  it("records checkpoints, and a retry rewinds the curve to the checkpoint it resumes from", () => {
    let pd: ProgressData = {};
    for (const s of [10, 20, 30]) pd = applyTrainerEvent(pd, prog(s));
    pd = applyTrainerEvent(pd, { type: "checkpoint", step: 20 });
    pd = applyTrainerEvent(pd, prog(40));
    pd = rewindToCheckpoint(pd);
    expect(pd.points!.map((p) => p.step)).toEqual([10, 20]);
    expect(pd.resumedFromStep).toBe(20);
    // The resumed trainer repeats step 30: it replaces nothing stale, the curve stays in order.
    pd = applyTrainerEvent(pd, prog(30));
    expect(pd.points!.map((p) => p.step)).toEqual([10, 20, 30]);
  });

  it("a step that goes backwards drops the stale points after it", () => {
    let pd: ProgressData = {};
    for (const s of [10, 20, 30]) pd = applyTrainerEvent(pd, prog(s));
    pd = applyTrainerEvent(pd, prog(15));
    expect(pd.points!.map((p) => p.step)).toEqual([10, 15]);
  });

  it("thins long curves but keeps every validation point", () => {
    let pd: ProgressData = {};
    for (let s = 1; s <= 3 * MAX_POINTS; s++) pd = applyTrainerEvent(pd, prog(s, s % 100 === 0 ? { val_loss: 0.5 } : {}));
    expect(pd.points!.length).toBeLessThanOrEqual(MAX_POINTS + 1);
    expect(pd.points!.filter((p) => p.valLoss !== undefined)).toHaveLength(12);
    expect(pd.points!.at(-1)!.step).toBe(3 * MAX_POINTS);
  });

  it("ignores unknown events and prints a terminal line", () => {
    expect(applyTrainerEvent({ step: 3 }, { type: "metrics" })).toEqual({ step: 3 });
    expect(formatProgressLine({ phase: "training", step: 50, totalSteps: 100, epoch: 2, loss: 0.5, valAccuracy: 0.7, exPerS: 60 })).toMatch(/48%.*epoch 2 step 50\/100.*loss 0\.500.*val acc 70\.0%.*60 ex\/s/);
    expect(progressFraction({ phase: "done" })).toBe(1);
  });
});
