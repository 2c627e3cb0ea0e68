import { describe, expect, it } from "vitest";
import { heldoutMetrics, type JudgedCase } from "./metrics";
import { buildLengthProbe, lengthProbeResult, padAnswer } from "./length-probe";
import type { Verdict, VerdictProbs } from "../../../genrm/types";

const p = (better: number, same: number, worse: number): VerdictProbs => ({ better, same, worse });
const c = (truth: Verdict, probs: VerdictProbs, consistent = true, forward = probs): JudgedCase => ({ truth, probs, forward, consistent });

describe("held-out metrics", () => {
  it("counts accuracy, the confusion matrix (truth rows × predicted columns) and per-class recall", () => {
    const m = heldoutMetrics([c("better", p(0.7, 0.2, 0.1)), c("better", p(0.1, 0.2, 0.7)), c("same", p(0.2, 0.6, 0.2)), c("worse", p(0.1, 0.1, 0.8))]);
    expect(m.n).toBe(4);
    expect(m.accuracy).toBe(0.75);
    expect(m.confusion).toEqual([
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(m.perClassAccuracy).toEqual({ better: 0.5, same: 1, worse: 1 });
    expect(m.truthCounts).toEqual({ better: 2, same: 1, worse: 1 });
  });

  it("ECE is 0 for a calibrated judge and equals |confidence − accuracy| for a uniformly overconfident one", () => {
    // 10 cases at confidence 0.8, 8 right: perfectly calibrated.
    const calibrated = Array.from({ length: 10 }, (_, i) => c(i < 8 ? "better" : "worse", p(0.8, 0.1, 0.1)));
    expect(heldoutMetrics(calibrated).ece).toBeCloseTo(0, 12);
    // Confidence 0.9 but only half right: ECE 0.4.
    const over = Array.from({ length: 10 }, (_, i) => c(i < 5 ? "better" : "worse", p(0.9, 0.05, 0.05)));
    const m = heldoutMetrics(over);
    expect(m.ece).toBeCloseTo(0.4, 12);
    const bin = m.reliability.find((b) => b.count > 0)!;
    expect(bin).toMatchObject({ lo: 0.9, count: 10, accuracy: 0.5 });
    expect(bin.confidence).toBeCloseTo(0.9, 12);
    expect(m.reliability).toHaveLength(10);
    expect(m.reliability.filter((b) => b.count === 0).every((b) => b.accuracy === null)).toBe(true);
  });

  it("swap consistency and single-order accuracy come from the per-order parts", () => {
    const m = heldoutMetrics([c("better", p(0.6, 0.2, 0.2), true, p(0.2, 0.2, 0.6)), c("same", p(0.2, 0.6, 0.2), false)]);
    expect(m.swapConsistency).toBe(0.5);
    expect(m.accuracy).toBe(1);
    expect(m.singleOrderAccuracy).toBe(0.5);
  });

  it("refuses an empty case list", () => {
    expect(() => heldoutMetrics([])).toThrow(/no cases/);
  });
});

describe("length probe", () => {
  it("pads only with content-free filler, deterministically", () => {
    const a = padAnswer("Paris.");
    expect(a).toContain("Paris.");
    expect(a.length).toBeGreaterThan(60);
    expect(padAnswer("Paris.")).toBe(a);
  });

  it("builds one pair per distinct (prompt, answer), in an order independent of the input's, capped", () => {
    const src = [
      { prompt: "q1", answer: "a" },
      { prompt: "q1", answer: "a" },
      { prompt: "q1", answer: "b" },
      { prompt: "q2", answer: "a" },
      { prompt: "q2", answer: " " },
    ];
    const pairs = buildLengthProbe(src);
    expect(pairs).toHaveLength(3);
    expect(buildLengthProbe([...src].reverse())).toEqual(pairs);
    for (const pr of pairs) {
      expect(pr.item.candidate.length).toBeGreaterThan(pr.item.reference.length);
      expect(pr.item.candidate).toContain(pr.item.reference);
      expect(pr.addedChars).toBe(pr.item.candidate.length - pr.item.reference.length);
    }
    expect(buildLengthProbe(src, 2)).toHaveLength(2);
  });

  it("reports the share judged better for the longer answer and the mean reward of padding", () => {
    const pairs = buildLengthProbe([{ prompt: "q", answer: "x" }, { prompt: "q", answer: "y" }, { prompt: "q", answer: "z" }, { prompt: "q", answer: "w" }]);
    const r = lengthProbeResult(pairs, [p(0.8, 0.1, 0.1), p(0.1, 0.8, 0.1), p(0.1, 0.8, 0.1), p(0.1, 0.1, 0.8)]);
    expect(r).toMatchObject({ n: 4, longerBetterShare: 0.25, sameShare: 0.5, longerWorseShare: 0.25 });
    expect(r.meanReward).toBeCloseTo(0, 12);
    expect(lengthProbeResult([], []).n).toBe(0);
  });
});
