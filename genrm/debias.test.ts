import { describe, expect, it } from "vitest";
import { DeterministicBackend } from "./backends/fake";
import { combineOrders, judgeBothOrders, judgeSingleOrder, swapItem } from "./debias";
import { rng, randomItem, randomProbs } from "./testing/random";
import type { JudgeBackend, JudgeItem, VerdictProbs } from "./types";
import { BackendError } from "./types";
import { isValidProbs, mirrorProbs, mirrorVerdict } from "./verdicts";

const item: JudgeItem = { prompt: "p", reference: "ref", candidate: "cand" };

describe("combineOrders", () => {
  it("averages the forward order with the mirrored swapped order", () => {
    const r = combineOrders({ better: 0.6, same: 0.3, worse: 0.1 }, { better: 0.2, same: 0.3, worse: 0.5 });
    expect(r.probs.better).toBeCloseTo(0.55, 12);
    expect(r.probs.same).toBeCloseTo(0.3, 12);
    expect(r.probs.worse).toBeCloseTo(0.15, 12);
    expect(r.reward).toBeCloseTo(0.4, 12);
    expect(r.verdict).toBe("better");
    expect(r.consistent).toBe(true); // better forward, worse swapped → agree after mirroring
  });

  it("flags an item inconsistent when a position bias flips the verdict", () => {
    // Both orders say "better": the judge prefers whatever sits in the candidate slot.
    const r = combineOrders({ better: 0.7, same: 0.2, worse: 0.1 }, { better: 0.7, same: 0.2, worse: 0.1 });
    expect(r.consistent).toBe(false);
    expect(r.reward).toBeCloseTo(0, 12);
    expect(r.verdict).toBe("same");
  });

  it("is swap-symmetric and keeps valid probabilities (1000 random pairs)", () => {
    const g = rng(3);
    for (let i = 0; i < 1000; i++) {
      const f = randomProbs(g);
      const s = randomProbs(g);
      const a = combineOrders(f, s);
      const b = combineOrders(s, f); // the swapped item's view of the same two judgements
      expect(isValidProbs(a.probs)).toBe(true);
      expect(b.probs.better).toBeCloseTo(mirrorProbs(a.probs).better, 12);
      expect(b.probs.worse).toBeCloseTo(mirrorProbs(a.probs).worse, 12);
      expect(b.verdict).toBe(mirrorVerdict(a.verdict));
      expect(b.consistent).toBe(a.consistent);
      expect(b.reward).toBeCloseTo(-a.reward, 12);
    }
  });
});

describe("judgeBothOrders", () => {
  it("sends both orders in ONE backend call, forward items first then swapped", async () => {
    const seen: JudgeItem[][] = [];
    const backend: JudgeBackend = {
      kind: "spy",
      modelId: "m",
      templateVersion: "v1",
      async judge(items) {
        seen.push(items);
        return items.map(() => ({ better: 0.5, same: 0.25, worse: 0.25 }));
      },
    };
    const items = [item, { prompt: "q", reference: "r2", candidate: "c2" }];
    const out = await judgeBothOrders(backend, items);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual([...items, ...items.map(swapItem)]);
    expect(out).toHaveLength(2);
    expect(out[0]!.consistent).toBe(false); // "better" both ways
  });

  it("cancels a constant position bias: debiased rewards keep the unbiased judge's sign, single-order ones don't", async () => {
    const g = rng(4);
    const items = Array.from({ length: 200 }, () => randomItem(g)).filter((it) => it.reference !== it.candidate);
    const fair = await judgeSingleOrder(new DeterministicBackend(), items);
    const biasedSingle = await judgeSingleOrder(new DeterministicBackend({ positionBias: 1.5 }), items);
    const biased = await judgeBothOrders(new DeterministicBackend({ positionBias: 1.5 }), items);
    const agree = (xs: { reward: number }[]) => xs.filter((r, i) => Math.sign(r.reward) === Math.sign(fair[i]!.reward)).length;
    expect(agree(biased)).toBe(items.length);
    expect(agree(biasedSingle)).toBeLessThan(items.length * 0.8);
    // A judge that prefers the candidate slot says "better" in both orders: flagged inconsistent.
    expect(biased.filter((r) => !r.consistent).length).toBeGreaterThan(items.length * 0.2);
  });

  it("returns [] without calling the backend for no items", async () => {
    const b = new DeterministicBackend();
    expect(await judgeBothOrders(b, [])).toEqual([]);
    expect(b.calls).toBe(0);
  });

  it("refuses a backend that answers the wrong number of results", async () => {
    const backend: JudgeBackend = {
      kind: "short",
      modelId: "m",
      templateVersion: "v1",
      judge: async (): Promise<VerdictProbs[]> => [{ better: 1, same: 0, worse: 0 }],
    };
    await expect(judgeBothOrders(backend, [item])).rejects.toMatchObject({ code: "bad_response" });
    await expect(judgeBothOrders(backend, [item])).rejects.toBeInstanceOf(BackendError);
  });
});
