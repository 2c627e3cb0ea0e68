import { describe, expect, it } from "vitest";
import { judgeBothOrders, swapItem } from "../../debias";
import { rng, randomItem } from "../../testing/random";
import { isValidProbs, mirrorProbs } from "../../verdicts";
import { DeterministicBackend, ZeroCostBackend } from "./deterministic";

describe("DeterministicBackend", () => {
  it("is swap-symmetric without position bias: judging the swapped item gives the mirrored distribution", async () => {
    const b = new DeterministicBackend();
    const g = rng(11);
    const items = Array.from({ length: 200 }, () => randomItem(g));
    const fwd = await b.judge(items);
    const swp = await b.judge(items.map(swapItem));
    fwd.forEach((p, i) => {
      const m = mirrorProbs(swp[i]!);
      expect(p.better).toBeCloseTo(m.better, 12);
      expect(p.worse).toBeCloseTo(m.worse, 12);
      expect(isValidProbs(p)).toBe(true);
    });
    expect((await judgeBothOrders(b, items)).every((r) => r.consistent)).toBe(true);
  });

  it("has a length bias when asked for one: padding the candidate raises its reward", async () => {
    const g = rng(12);
    const items = Array.from({ length: 100 }, () => randomItem(g));
    const padded = items.map((it) => ({ ...it, candidate: it.candidate + " Furthermore, to elaborate in detail,".repeat(20) }));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const reward = async (b: DeterministicBackend, xs: typeof items) => mean((await judgeBothOrders(b, xs)).map((r) => r.reward));
    const biased = new DeterministicBackend({ lengthBias: 1 });
    expect((await reward(biased, padded)) - (await reward(biased, items))).toBeGreaterThan(0.3);
  });

  it("changes its answers with the salt (another 'model') and reflects it in modelId", async () => {
    const item = { prompt: "p", reference: "r", candidate: "c" };
    const [a] = await new DeterministicBackend({ salt: "one" }).judge([item]);
    const [b] = await new DeterministicBackend({ salt: "two" }).judge([item]);
    expect(a).not.toEqual(b);
    expect(new DeterministicBackend({ salt: "one" }).modelId).not.toBe(new DeterministicBackend().modelId);
  });
});

describe("ZeroCostBackend", () => {
  it("answers a constant valid distribution per item", async () => {
    const b = new ZeroCostBackend();
    const out = await b.judge([{ prompt: "", reference: "", candidate: "" }, { prompt: "a", reference: "b", candidate: "c" }]);
    expect(out).toHaveLength(2);
    expect(out.every((p) => isValidProbs(p))).toBe(true);
    expect(b.calls).toBe(1);
  });
});
