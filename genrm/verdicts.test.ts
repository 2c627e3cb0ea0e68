import { describe, expect, it } from "vitest";
import { rng, randomProbs } from "./testing/random";
import { VERDICTS, type VerdictProbs } from "./types";
import {
  argmaxVerdict,
  isValidProbs,
  logSumExp,
  mirrorProbs,
  mirrorVerdict,
  normalizeProbs,
  pairwiseToProbs,
  pairwiseToVerdict,
  probsFromLogprobs,
  rewardFromProbs,
  scoreFromReward,
} from "./verdicts";

describe("mirror", () => {
  it("swaps better and worse and keeps same", () => {
    expect(mirrorVerdict("better")).toBe("worse");
    expect(mirrorVerdict("worse")).toBe("better");
    expect(mirrorVerdict("same")).toBe("same");
    expect(mirrorProbs({ better: 0.7, same: 0.2, worse: 0.1 })).toEqual({ better: 0.1, same: 0.2, worse: 0.7 });
  });

  it("is an involution, negates the reward, and commutes with argmax (1000 random distributions)", () => {
    const r = rng(1);
    for (let i = 0; i < 1000; i++) {
      const p = randomProbs(r);
      expect(mirrorProbs(mirrorProbs(p))).toEqual(p);
      expect(rewardFromProbs(mirrorProbs(p))).toBeCloseTo(-rewardFromProbs(p), 12);
      expect(argmaxVerdict(mirrorProbs(p))).toBe(mirrorVerdict(argmaxVerdict(p)));
    }
    for (const v of VERDICTS) expect(mirrorVerdict(mirrorVerdict(v))).toBe(v);
  });
});

describe("argmaxVerdict", () => {
  it("picks the most probable verdict", () => {
    expect(argmaxVerdict({ better: 0.5, same: 0.3, worse: 0.2 })).toBe("better");
    expect(argmaxVerdict({ better: 0.1, same: 0.3, worse: 0.6 })).toBe("worse");
    expect(argmaxVerdict({ better: 0.1, same: 0.8, worse: 0.1 })).toBe("same");
  });

  it("breaks ties toward same, including a better/worse tie", () => {
    expect(argmaxVerdict({ better: 0.4, same: 0.4, worse: 0.2 })).toBe("same");
    expect(argmaxVerdict({ better: 0.2, same: 0.4, worse: 0.4 })).toBe("same");
    expect(argmaxVerdict({ better: 0.45, same: 0.1, worse: 0.45 })).toBe("same");
    expect(argmaxVerdict({ better: 1 / 3, same: 1 / 3, worse: 1 / 3 })).toBe("same");
  });
});

describe("reward", () => {
  it("is p(better) − p(worse), within [−1, 1] for random distributions", () => {
    expect(rewardFromProbs({ better: 1, same: 0, worse: 0 })).toBe(1);
    expect(rewardFromProbs({ better: 0, same: 0, worse: 1 })).toBe(-1);
    expect(rewardFromProbs({ better: 0.6, same: 0.1, worse: 0.3 })).toBeCloseTo(0.3, 12);
    const r = rng(2);
    for (let i = 0; i < 1000; i++) {
      const x = rewardFromProbs(randomProbs(r));
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it("maps to a 0–1 score for OpenRLHF", () => {
    expect(scoreFromReward(-1)).toBe(0);
    expect(scoreFromReward(0)).toBe(0.5);
    expect(scoreFromReward(1)).toBe(1);
  });
});

describe("normalize / validate", () => {
  it("rescales non-negative weights to sum to 1", () => {
    const p = normalizeProbs({ better: 2, same: 1, worse: 1 });
    expect(p).toEqual({ better: 0.5, same: 0.25, worse: 0.25 });
    expect(isValidProbs(p)).toBe(true);
  });

  it("refuses negatives, NaN, infinities and all-zero", () => {
    for (const bad of [
      { better: -0.1, same: 0.6, worse: 0.5 },
      { better: NaN, same: 0.5, worse: 0.5 },
      { better: Infinity, same: 0, worse: 0 },
      { better: 0, same: 0, worse: 0 },
    ] as VerdictProbs[]) {
      expect(() => normalizeProbs(bad)).toThrow(RangeError);
      expect(isValidProbs(bad)).toBe(false);
    }
  });

  it("isValidProbs rejects distributions that do not sum to 1", () => {
    expect(isValidProbs({ better: 0.5, same: 0.5, worse: 0.5 })).toBe(false);
    expect(isValidProbs({ better: 0.5, same: 0.5, worse: 0 })).toBe(true);
  });
});

describe("log-probabilities", () => {
  it("logSumExp is stable for large magnitudes", () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 9);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.log(2), 9);
    expect(logSumExp([])).toBe(-Infinity);
  });

  it("probsFromLogprobs softmaxes the present verdicts and gives 0 to the missing", () => {
    const p = probsFromLogprobs({ better: Math.log(0.3), worse: Math.log(0.1) });
    expect(p.better).toBeCloseTo(0.75, 12);
    expect(p.worse).toBeCloseTo(0.25, 12);
    expect(p.same).toBe(0);
    expect(() => probsFromLogprobs({})).toThrow(RangeError);
  });
});

describe("pairwise labels", () => {
  it("maps A better / tie / B better onto better / same / worse for A as candidate", () => {
    expect(pairwiseToVerdict("a")).toBe("better");
    expect(pairwiseToVerdict("tie")).toBe("same");
    expect(pairwiseToVerdict("b")).toBe("worse");
  });

  it("mirrors for B's perspective", () => {
    expect(pairwiseToVerdict("a", 1, "b")).toBe("worse");
    expect(pairwiseToVerdict("b", 1, "b")).toBe("better");
    expect(pairwiseToVerdict("tie", 1, "b")).toBe("same");
  });

  it("turns weak preferences into same only when asked", () => {
    expect(pairwiseToVerdict("a", 0.2)).toBe("better");
    expect(pairwiseToVerdict("a", 0.2, "a", { sameBelowStrength: 0.5 })).toBe("same");
    expect(pairwiseToVerdict("b", 0.8, "a", { sameBelowStrength: 0.5 })).toBe("worse");
  });

  it("gives soft targets that sum to 1 and mirror between perspectives", () => {
    expect(pairwiseToProbs("a", 0.7)).toEqual({ better: 0.7, same: expect.closeTo(0.3, 12), worse: 0 });
    expect(pairwiseToProbs("tie")).toEqual({ better: 0, same: 1, worse: 0 });
    expect(pairwiseToProbs("a", 0.7, "b")).toEqual(mirrorProbs(pairwiseToProbs("a", 0.7)));
    expect(isValidProbs(pairwiseToProbs("b", 0.4))).toBe(true);
  });

  it("refuses strengths outside [0, 1]", () => {
    expect(() => pairwiseToVerdict("a", 2)).toThrow(RangeError);
    expect(() => pairwiseToProbs("a", -0.1)).toThrow(RangeError);
  });
});
