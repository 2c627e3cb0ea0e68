import { describe, expect, it } from "vitest";
import { createRng } from "../simulator/rng";
import { summarizeRepetition } from "../metrics/repetition";
import { resolveDetectorConfig } from "./config";
import { evaluateDetectors } from "./monitor";
import { detectRepetitionLoop } from "./repetition-loop";
import { summary } from "./test-helpers";

const VOCAB = "we solve the task by reading each clause then computing values checking units and writing a short clear final answer with reasons".split(" ");

/** A step of 32 sampled rollouts; `loopProb` of them fall into a loop after some real content. */
function step(stepNo: number, loopProb: number, seed: number) {
  const rng = createRng(seed * 1000 + stepNo);
  const texts = Array.from({ length: 32 }, () => {
    const words = Array.from({ length: 80 + rng.int(80) }, () => VOCAB[rng.int(VOCAB.length)]).join(" ");
    return rng.next() < loopProb ? words + " " + "so the answer is clear. ".repeat(30 + rng.int(30)) : words;
  });
  return { ...summary(stepNo, 800), repetition: summarizeRepetition(texts) };
}

const cfg = resolveDetectorConfig().repetition;

describe("repetition_loop detector (seeded)", () => {
  it.each([1, 2, 3])("fires soon after a policy starts looping (seed %i)", (seed) => {
    const steps = Array.from({ length: 30 }, (_, i) => step(i, i >= 18 ? Math.min(0.9, 0.15 * (i - 17)) : 0, seed));
    const alerts = detectRepetitionLoop(steps, cfg);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.step).toBeGreaterThanOrEqual(18);
    expect(alerts[0]!.step).toBeLessThanOrEqual(22);
    expect(alerts[0]!.message).toMatch(/repeat themselves/);
    // it joins the same chain as the length detectors
    expect(evaluateDetectors(steps).some((a) => a.detector === "repetition_loop")).toBe(true);
  });

  it.each([1, 2, 3])("stays quiet on varied answers, even when they grow longer (seed %i)", (seed) => {
    const steps = Array.from({ length: 30 }, (_, i) => step(i, 0, seed));
    expect(detectRepetitionLoop(steps, cfg)).toEqual([]);
  });

  it("does not alarm on a standing level of repetition, only on a rise over it", () => {
    const steady = Array.from({ length: 30 }, (_, i) => step(i, 0.2, 7));
    expect(detectRepetitionLoop(steady, { ...cfg, threshold: 0.05 })).toEqual([]);
  });

  it("ignores steps without repetition data or with too few samples", () => {
    const bare = Array.from({ length: 30 }, (_, i) => summary(i, 800));
    expect(detectRepetitionLoop(bare, cfg)).toEqual([]);
  });
});
