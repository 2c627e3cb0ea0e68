/** Fleet bookkeeping (pure, fake clock) and failover through the backend against FAKE vLLM servers. */
import { afterEach, describe, expect, it } from "vitest";
import { requireJudgements } from "../../debias";
import type { JudgeItem } from "../../types";
import { startFakeVllmServer, type FakeVllmServer } from "../fake/fake-vllm-server";
import { Fleet } from "./fleet";
import { OpenAICompatibleBackend } from "./openai-backend";

describe("Fleet", () => {
  it("sends each request to the healthy URL with the fewest in flight, spreading ties", () => {
    const f = new Fleet(["http://a", "http://b/", "http://c"]);
    expect(f.urls).toEqual(["http://a", "http://b", "http://c"]);
    const picks = [f.acquire(), f.acquire(), f.acquire()];
    expect(new Set(picks).size).toBe(3);
    f.release("http://b", { ok: true });
    expect(f.acquire()).toBe("http://b"); // the only one with nothing in flight
    f.release("http://a", { ok: true });
    f.release("http://a", undefined);
    expect(f.health().find((h) => h.url === "http://a")!.inFlight).toBe(0);
  });

  it("takes a failing URL out for a doubling backoff, tries it again after, and one success brings it back", () => {
    let now = 1_000_000;
    const f = new Fleet(["http://a", "http://b"], { backoffBaseMs: 1000, now: () => now });
    const a = f.acquire();
    expect(a).toBe("http://a");
    f.release(a, { ok: false, failure: "connection refused", takeOut: true });
    let h = f.health()[0]!;
    expect(h).toMatchObject({ url: "http://a", healthy: false, recentFailures: 1, consecutiveFailures: 1, lastError: "connection refused" });
    expect(Date.parse(h.retryAt!)).toBe(now + 1000);
    for (let i = 0; i < 5; i++) {
      const u = f.acquire();
      expect(u).toBe("http://b");
      f.release(u, { ok: true });
    }
    now += 1001;
    expect(f.health()[0]!.healthy).toBe(true); // retry time passed: tried again
    f.release(f.acquire(new Set(["http://b"])), { ok: false, failure: "503", takeOut: true });
    h = f.health()[0]!;
    expect(h.consecutiveFailures).toBe(2);
    expect(Date.parse(h.retryAt!)).toBe(now + 2000);
    now += 2001;
    f.release(f.acquire(new Set(["http://b"])), { ok: true });
    h = f.health()[0]!;
    expect(h).toMatchObject({ healthy: true, consecutiveFailures: 0, recentFailures: 2, retryAt: null });
    expect(h.lastOkAt).toBe(new Date(now).toISOString());
  });

  it("with every URL down, still picks the one whose retry comes first (the fleet recovers by itself)", () => {
    let now = 0;
    const f = new Fleet(["http://a", "http://b"], { backoffBaseMs: 1000, now: () => now });
    f.release(f.acquire(), { ok: false, failure: "x", takeOut: true }); // a out until 1000
    now = 500;
    f.release(f.acquire(), { ok: false, failure: "y", takeOut: true }); // b out until 1500
    expect(f.acquire()).toBe("http://a");
    expect(f.hasAlternative(new Set(["http://a"]))).toBe(false);
  });

  it("refuses an empty fleet", () => {
    expect(() => new Fleet([])).toThrow(RangeError);
  });
});

describe("OpenAICompatibleBackend over a fleet (FAKE vLLM replicas)", () => {
  const servers: FakeVllmServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async () => {
    const s = await startFakeVllmServer();
    servers.push(s);
    return s;
  };
  const items: JudgeItem[] = Array.from({ length: 6 }, (_, i) => ({ prompt: `q${i}`, reference: `ref ${i}`, candidate: `answer ${i}` }));

  it.each(["completions", "chat"] as const)("spreads %s requests over the replicas and answers like one server", async (api) => {
    const [a, b] = [await start(), await start()];
    const fleet = new OpenAICompatibleBackend({ baseUrls: [a.baseUrl, b.baseUrl], model: a.model, api, maxBatch: 1, timeoutMs: 5000 });
    const single = new OpenAICompatibleBackend({ baseUrl: a.baseUrl, model: a.model, api, timeoutMs: 5000 });
    expect(await fleet.judge(items)).toEqual(await single.judge(items));
    expect(b.completionRequests).toBeGreaterThan(0);
    expect(fleet.health().every((h) => h.healthy && h.inFlight === 0 && h.lastOkAt !== null)).toBe(true);
  });

  it("a replica taken down mid-run: every call is served by the other, none fails, and the dead one shows as unhealthy", async () => {
    const [a, b] = [await start(), await start()];
    a.behavior.delayMs = 30;
    b.behavior.delayMs = 30;
    const backend = new OpenAICompatibleBackend({ baseUrls: [a.baseUrl, b.baseUrl], model: a.model, api: "chat", retries: 0, timeoutMs: 5000 });
    const calls: Array<Promise<unknown>> = [];
    for (let round = 0; round < 10; round++) {
      calls.push(backend.judge(items.map((it) => ({ ...it, candidate: `${it.candidate} round ${round}` }))));
      if (round === 3) await a.close(); // in-flight requests to a are cut; new ones are refused
      await new Promise((r) => setTimeout(r, 10));
    }
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    for (const r of results) requireJudgements((r as PromiseFulfilledResult<never>).value);
    const [ha, hb] = backend.health();
    expect(ha).toMatchObject({ url: a.baseUrl, healthy: false });
    expect(ha!.recentFailures).toBeGreaterThan(0);
    expect(ha!.lastError).toMatch(/failed|refused|socket|closed|ECONN/i);
    expect(hb).toMatchObject({ url: b.baseUrl, healthy: true, recentFailures: 0 });
  });

  it("moves a 5xx answer to the other replica at once and takes the failing one out", async () => {
    const [a, b] = [await start(), await start()];
    a.behavior.failNext = 100;
    a.behavior.failStatus = 503;
    const backend = new OpenAICompatibleBackend({ baseUrls: [a.baseUrl, b.baseUrl], model: a.model, retries: 0, timeoutMs: 5000 });
    for (let i = 0; i < 4; i++) requireJudgements(await backend.judge(items));
    expect(a.completionRequests).toBe(1); // out after its first failure
    expect(backend.health()[0]).toMatchObject({ healthy: false, lastError: expect.stringMatching(/503/) });
  });

  it("does not fail over a refusal of the input (400): the same input would be refused anywhere", async () => {
    const [a, b] = [await start(), await start()];
    const backend = new OpenAICompatibleBackend({ baseUrls: [a.baseUrl, b.baseUrl], model: "not-served", timeoutMs: 5000 });
    await expect(backend.judge(items.slice(0, 1))).rejects.toMatchObject({ code: "bad_response" });
    expect(a.completionRequests + b.completionRequests).toBe(1);
    expect(backend.health().every((h) => h.healthy)).toBe(true);
  });
});
