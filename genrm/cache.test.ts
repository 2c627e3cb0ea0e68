import { describe, expect, it } from "vitest";
import { DeterministicBackend } from "./backends/fake";
import { CachedBackend, LruCache, VerdictCache, judgeCacheKey } from "./cache";
import { judgeBothOrders, swapItem } from "./debias";
import { BackendError, type JudgeBackend, type JudgeItem, type VerdictProbs } from "./types";

const it1: JudgeItem = { prompt: "p", reference: "a", candidate: "b" };
const it2: JudgeItem = { prompt: "p", reference: "c", candidate: "d" };
const it3: JudgeItem = { prompt: "q", reference: "a", candidate: "b" };

describe("judgeCacheKey", () => {
  it("is a sha256 hex digest that changes with every part, including the order of the two answers", () => {
    const base = { modelId: "m1", templateVersion: "v1", item: it1 };
    const k = judgeCacheKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(judgeCacheKey({ ...base })).toBe(k);
    expect(judgeCacheKey({ ...base, modelId: "m2" })).not.toBe(k);
    expect(judgeCacheKey({ ...base, templateVersion: "v2" })).not.toBe(k);
    expect(judgeCacheKey({ ...base, item: swapItem(it1) })).not.toBe(k);
    expect(judgeCacheKey({ ...base, item: it3 })).not.toBe(k);
  });

  it("cannot be fooled by moving text across field boundaries", () => {
    const a = judgeCacheKey({ modelId: "m", templateVersion: "v1", item: { prompt: "ab", reference: "c", candidate: "d" } });
    const b = judgeCacheKey({ modelId: "m", templateVersion: "v1", item: { prompt: "a", reference: "bc", candidate: "d" } });
    expect(a).not.toBe(b);
    // Length prefixes: text that looks like a prefix cannot move a boundary either.
    const c = judgeCacheKey({ modelId: "m", templateVersion: "v1", item: { prompt: "1:a", reference: "", candidate: "d" } });
    const d = judgeCacheKey({ modelId: "m", templateVersion: "v1", item: { prompt: "", reference: "1:a", candidate: "d" } });
    expect(c).not.toBe(d);
  });

  it("keeps texts apart that differ only in lone surrogates (which UTF-8 would merge)", () => {
    const key = (candidate: string) => judgeCacheKey({ modelId: "m", templateVersion: "v1", item: { prompt: "p", reference: "r", candidate } });
    expect(key("x\uD800")).not.toBe(key("x\uDC00"));
    expect(key("x\uD800")).not.toBe(key("x\uFFFD"));
    expect(key("x\uD800")).toBe(key("x\uD800"));
  });
});

describe("judgeCacheKey memo", () => {
  it("an item object whose texts change gets the new key, not the remembered one", () => {
    const item: JudgeItem = { prompt: "p", reference: "r", candidate: "c" };
    const fresh = (it: JudgeItem) => judgeCacheKey({ modelId: "m", templateVersion: "t", item: { ...it } });
    const first = judgeCacheKey({ modelId: "m", templateVersion: "t", item });
    expect(judgeCacheKey({ modelId: "m", templateVersion: "t", item })).toBe(first);
    item.candidate = "c2";
    expect(judgeCacheKey({ modelId: "m", templateVersion: "t", item })).toBe(fresh(item));
    expect(judgeCacheKey({ modelId: "m", templateVersion: "t", item })).not.toBe(first);
    expect(judgeCacheKey({ modelId: "m2", templateVersion: "t", item })).toBe(judgeCacheKey({ modelId: "m2", templateVersion: "t", item: { ...item } }));
  });
});

describe("LruCache", () => {
  it("evicts the least recently used entry past its bound", () => {
    const c = new LruCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1); // a is now most recent
    c.set("c", 3);
    expect(c.has("b")).toBe(false);
    expect(c.get("a")).toBe(1);
    expect(c.get("c")).toBe(3);
    expect(c.size).toBe(2);
  });

  it("keeps exact recency order under churn (reads, rewrites, evictions)", () => {
    const c = new LruCache<number, number>(5);
    const order: number[] = []; // least recent first
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5_000; i++) {
      const k = rand(12);
      const at = order.indexOf(k);
      if (rand(2) === 0) {
        expect(c.get(k) !== undefined).toBe(at >= 0);
        if (at >= 0) order.push(...order.splice(at, 1));
      } else {
        c.set(k, i);
        if (at >= 0) order.splice(at, 1);
        order.push(k);
        if (order.length > 5) order.shift();
      }
      expect(c.size).toBe(order.length);
      for (const key of order) expect(c.has(key)).toBe(true);
    }
  });

  it("evicts in constant time once full (a full cache of 100k entries takes 300k more inserts quickly)", () => {
    const c = new LruCache<number, number>(100_000);
    for (let i = 0; i < 100_000; i++) c.set(i, i);
    const started = performance.now();
    for (let i = 100_000; i < 400_000; i++) c.set(i, i);
    // A fresh keys() iterator per eviction took over 5 s here; the kept iterator takes ~0.1 s.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(c.has(299_999)).toBe(false);
    expect(c.get(399_999)).toBe(399_999);
  });

  it("refuses a non-positive bound", () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});

describe("VerdictCache", () => {
  const p = (better: number): VerdictProbs => ({ better, same: 0.5 - better / 2, worse: 0.5 - better / 2 });

  it("keeps the least recently used order of LruCache and each key's own distribution as slots are reused", () => {
    const c = new VerdictCache(3);
    const model = new Map<string, number>(); // key → better, least recent first
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 3_000; i++) {
      const k = `k${rand(8)}`;
      if (rand(2) === 0) {
        const want = model.get(k);
        expect(c.get(k)?.better).toBe(want);
        if (want !== undefined) model.delete(k), model.set(k, want);
      } else {
        const better = i / 3_000;
        c.set(k, p(better));
        model.delete(k);
        model.set(k, better);
        if (model.size > 3) model.delete(model.keys().next().value!);
      }
      expect(c.size).toBe(model.size);
      // Reading every entry from least to most recent leaves their order as it was.
      for (const [key, better] of model) expect(c.get(key)).toEqual(p(better));
    }
  });

  it("hands out copies: changing what get returned does not change the cache", () => {
    const c = new VerdictCache(2);
    c.set("a", p(0.2));
    c.get("a")!.better = 9;
    expect(c.get("a")).toEqual(p(0.2));
  });
});

describe("CachedBackend", () => {
  it("hands the keys of its misses to the backend behind it, which needs not hash them again", async () => {
    const seen: Array<readonly string[] | undefined> = [];
    const inner = new DeterministicBackend();
    const spy: JudgeBackend = { kind: inner.kind, modelId: inner.modelId, templateVersion: inner.templateVersion, judge: (items, options) => (seen.push(options?.cacheKeys), inner.judge(items)) };
    const cached = new CachedBackend(spy);
    const [a, b, c] = ["a", "b", "c"].map((x) => ({ prompt: `p${x}`, candidate: `c${x}`, reference: `r${x}` }));
    const keyOf = (item: JudgeItem) => judgeCacheKey({ modelId: inner.modelId, templateVersion: inner.templateVersion, item });
    await cached.judge([a!, b!]);
    await cached.judge([b!, c!]); // b is a hit: only c goes behind, with its own key
    expect(seen).toEqual([[keyOf(a!), keyOf(b!)], [keyOf(c!)]]);
    // A cache in front of this one hands its keys down: they are used as given.
    const outer = new CachedBackend(cached);
    const d = { prompt: "pd", candidate: "cd", reference: "rd" };
    await outer.judge([d]);
    expect(seen.at(-1)).toEqual([keyOf(d)]);
  });

  it("sends only misses to the inner backend and answers hits identically", async () => {
    const inner = new DeterministicBackend();
    const cached = new CachedBackend(inner);
    const first = await cached.judge([it1, it2]);
    expect(inner.calls).toBe(1);
    expect(inner.itemsJudged).toBe(2);

    const second = await cached.judge([it2, it3, it1]);
    expect(inner.calls).toBe(2);
    expect(inner.itemsJudged).toBe(3); // only it3 was new
    expect(second[0]).toEqual(first[1]);
    expect(second[2]).toEqual(first[0]);
    expect(second[1]).toEqual((await new DeterministicBackend().judge([it3]))[0]);

    await cached.judge([it1, it2, it3]);
    expect(inner.calls).toBe(2); // all hits: no call at all
    expect(cached.stats).toEqual({ hits: 5, misses: 3, innerCalls: 2 });
  });

  it("dedupes identical items within a batch", async () => {
    const inner = new DeterministicBackend();
    const cached = new CachedBackend(inner);
    const out = await cached.judge([it1, it1, it2, it1]);
    expect(inner.itemsJudged).toBe(2);
    expect(out[0]).toEqual(out[1]);
    expect(out[0]).toEqual(out[3]);
  });

  it("dedupes across concurrent calls: a second call waits for the first instead of asking again", async () => {
    const inner = new DeterministicBackend({ latencyMs: 20 });
    const cached = new CachedBackend(inner);
    const [a, b] = await Promise.all([cached.judge([it1, it2]), cached.judge([it2, it3])]);
    expect(inner.itemsJudged).toBe(3);
    expect(a[1]).toEqual(b[0]);
  });

  it("caches the two orders of a both-order judgement separately and reuses them", async () => {
    const inner = new DeterministicBackend();
    const cached = new CachedBackend(inner);
    await judgeBothOrders(cached, [it1]);
    expect(inner.itemsJudged).toBe(2);
    const swapped = await judgeBothOrders(cached, [swapItem(it1)]);
    expect(inner.itemsJudged).toBe(2); // the same two orders, asked the other way round
    expect(swapped).toHaveLength(1);
  });

  it("keys by model id: another model behind the same cache is asked again", async () => {
    const shared = new VerdictCache(100);
    const m1 = new DeterministicBackend({ salt: "one" });
    const m2 = new DeterministicBackend({ salt: "two" });
    await new CachedBackend(m1, { cache: shared }).judge([it1]);
    await new CachedBackend(m2, { cache: shared }).judge([it1]);
    expect(m2.itemsJudged).toBe(1);
  });

  it("respects its LRU bound", async () => {
    const inner = new DeterministicBackend();
    const cached = new CachedBackend(inner, { maxEntries: 2 });
    await cached.judge([it1, it2, it3]);
    expect(cached.cache.size).toBe(2);
    await cached.judge([it1]); // evicted (oldest) → asked again
    expect(inner.itemsJudged).toBe(4);
  });

  it("does not cache failures, and fails every caller waiting on them", async () => {
    let fail = true;
    let calls = 0;
    const inner: JudgeBackend = {
      kind: "flaky",
      modelId: "m",
      templateVersion: "v1",
      async judge(items) {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new BackendError("unreachable", "down");
        return items.map(() => ({ better: 1, same: 0, worse: 0 }));
      },
    };
    const cached = new CachedBackend(inner);
    const results = await Promise.allSettled([cached.judge([it1]), cached.judge([it1])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(1);
    fail = false;
    await expect(cached.judge([it1])).resolves.toHaveLength(1);
    expect(calls).toBe(2);
  });

  it("returns copies: mutating an answer does not poison the cache", async () => {
    const cached = new CachedBackend(new DeterministicBackend());
    const [a] = (await cached.judge([it1])) as VerdictProbs[];
    const before = { ...a! };
    a!.better = 42;
    const [b] = await cached.judge([it1]);
    expect(b).toEqual(before);
  });
});
