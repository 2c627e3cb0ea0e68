/**
 * The serving side of the judge API against real Postgres and Redis: which model serves, caching (local
 * and shared through Redis) counted at the backend, micro-batching across concurrent requests,
 * backpressure, bad items isolated, and Redis going down and coming back without a restart.
 * Backends are the test doubles "deterministic"/"zero-cost" (GENRM_ALLOW_TEST_BACKENDS=1).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { createModel, keyActor, PrivateRedis, until } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import { resetEnvCache } from "@core/env";
import { closeRedis } from "@core/queue/redis";
import type { Actor } from "@core/auth/actor";
import { closeServingPool, forgetServingModels, getServingBackend, judgeForActor, resetServingConfig, stackFor } from "@core/genrm-service";

let t: TestEnv;
let judgeKey: Actor;

const item = (i: number, tag = "x") => ({ prompt: `Question ${tag}-${i}?`, response: `Answer ${tag}-${i}`, reference: `Reference ${tag}-${i}` });

beforeAll(async () => {
  t = await createTestEnv("apiserving");
  process.env.GENRM_ALLOW_TEST_BACKENDS = "1";
  resetServingConfig();
  judgeKey = (await keyActor(["judge"])).actor;
});
afterAll(async () => {
  await closeServingPool();
  await t.cleanup();
});
beforeEach(() => forgetServingModels());

describe("model selection", () => {
  it("serves the active version by default, a named servable version on request, and refuses the rest precisely", async () => {
    await expect(judgeForActor(judgeKey, { items: [item(0)] })).rejects.toMatchObject({ code: "Unavailable", message: expect.stringMatching(/No GenRM version is active/) });
    const active = await createModel({ backend: "deterministic", status: "active" });
    const candidate = await createModel({ backend: "deterministic", config: { salt: "cand" } });
    const training = await createModel({ backend: "deterministic", status: "training" });
    forgetServingModels();
    expect((await judgeForActor(judgeKey, { items: [item(0)] })).reply.model.version).toBe(active.version);
    for (const ref of [candidate.version, `v${candidate.version}`, String(candidate.version), candidate.id, candidate.name]) {
      expect((await judgeForActor(judgeKey, { items: [item(0)], model: ref })).reply.model.id).toBe(candidate.id);
    }
    await expect(judgeForActor(judgeKey, { items: [item(0)], model: training.version })).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/is training/) });
    await expect(judgeForActor(judgeKey, { items: [item(0)], model: 999_999_999 })).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/no GenRM version '999999999'/) });
  });

  it("refuses the test-only backends unless GENRM_ALLOW_TEST_BACKENDS=1", async () => {
    const m = await createModel({ backend: "zero-cost" });
    process.env.GENRM_ALLOW_TEST_BACKENDS = "0";
    resetServingConfig();
    try {
      await expect(getServingBackend(m.version)).rejects.toMatchObject({ code: "Unavailable", message: expect.stringMatching(/test-only/) });
    } finally {
      process.env.GENRM_ALLOW_TEST_BACKENDS = "1";
      resetServingConfig();
    }
  });
});

describe("caching", () => {
  it("repeats return the same numbers without calling the backend, and a fresh process is served from Redis", async () => {
    const m = await createModel({ backend: "deterministic" });
    const items = Array.from({ length: 8 }, (_, i) => item(i, "cache"));
    const stack = await getServingBackend(m.version);
    const first = await judgeForActor(judgeKey, { items, model: m.version });
    expect(stack.stats().backendCalls).toBe(1);
    expect(stack.stats().backendItems).toBe(16); // both orders
    const again = await judgeForActor(judgeKey, { items, model: m.version });
    expect(again.reply.results).toEqual(first.reply.results);
    expect(stack.stats().backendCalls).toBe(1);

    // A new process has an empty in-process cache but shares Redis.
    await closeServingPool();
    const fresh = await getServingBackend(m.version);
    const third = await judgeForActor(judgeKey, { items, model: m.version });
    expect(third.reply.results).toEqual(first.reply.results);
    expect(fresh.stats()).toMatchObject({ backendCalls: 0, sharedHits: 16 });
  });

  it("the order is part of the key: swapping response and reference is judged, not served from cache", async () => {
    const m = await createModel({ backend: "deterministic", config: { salt: "order" } });
    const stack = await getServingBackend(m.version);
    const a = { prompt: "P", response: "first answer", reference: "second answer" };
    await judgeForActor(judgeKey, { items: [a], model: m.version, bothOrders: false });
    await judgeForActor(judgeKey, { items: [{ prompt: "P", response: a.reference, reference: a.response }], model: m.version, bothOrders: false });
    expect(stack.stats().backendCalls).toBe(2);
  });
});

describe("micro-batching and backpressure", () => {
  it("merges concurrent requests into few backend calls", async () => {
    const m = await createModel({ backend: "deterministic", config: { latencyMs: 30, serving: { windowMs: 5, maxConcurrency: 1 } } });
    const stack = await getServingBackend(m.version);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => judgeForActor(judgeKey, { items: [item(i, "mb")], model: m.version })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(stack.stats().backendItems).toBe(40);
    expect(stack.stats().backendCalls).toBeLessThanOrEqual(4);
  });

  it("answers 503 with Retry-After when the queue is full, and serves again once it drains", async () => {
    const m = await createModel({ backend: "deterministic", config: { latencyMs: 300, serving: { maxConcurrency: 1, maxQueue: 4, windowMs: 0 } } });
    await getServingBackend(m.version);
    const calls = Array.from({ length: 6 }, (_, i) => judgeForActor(judgeKey, { items: [item(i, "bp")], model: m.version }).then(() => "ok", (e) => e));
    const outcomes = await Promise.all(calls);
    const refused = outcomes.filter((o) => o !== "ok");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ code: "Unavailable", status: 503, details: { retryAfterS: 1 }, message: expect.stringMatching(/saturated/) });
    expect(outcomes.filter((o) => o === "ok").length).toBeGreaterThan(0);
    expect((await judgeForActor(judgeKey, { items: [item(99, "bp")], model: m.version })).status).toBe(200);
  });
});

describe("bad items", () => {
  it("an item the backend refuses fails alone, even when merged into one batch with good items", async () => {
    const m = await createModel({ backend: "deterministic", config: { maxInputChars: 1000 } });
    const items = [item(1, "bad"), { prompt: "Q", response: "x".repeat(2000), reference: "r" }, item(2, "bad")];
    const { status, reply } = await judgeForActor(judgeKey, { items, model: m.version });
    expect(status).toBe(200);
    expect(reply.errors).toBe(1);
    expect(reply.results[1]).toMatchObject({ id: 1, error: { status: 422, message: expect.stringMatching(/refused this item.*longer than 1000/) } });
    expect(reply.results[0]).toMatchObject({ id: 0, verdict: expect.any(String) });
    expect(reply.results[2]).toMatchObject({ id: 2, verdict: expect.any(String) });
  });
});

describe("Redis down and back", () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    process.env.REDIS_URL = redis.url;
    resetEnvCache();
    await closeRedis();
  });
  afterAll(async () => {
    await closeRedis();
    await redis.stop();
    delete process.env.REDIS_URL;
    resetEnvCache();
  });

  it("answers 503 with a clear message while Redis is down, then recovers by itself", async () => {
    const m = await createModel({ backend: "deterministic", config: { salt: "redis" } });
    const stack = await stackFor((await db().genrmModel.findUniqueOrThrow({ where: { id: m.id } })) as never);
    expect((await judgeForActor(judgeKey, { items: [item(0, "r")], model: m.version })).status).toBe(200);
    await redis.stop();
    const down = await judgeForActor(judgeKey, { items: [item(1, "r")], model: m.version }).catch((e) => e);
    expect(down).toMatchObject({ code: "Unavailable", status: 503, message: expect.stringMatching(/shared judgement cache \(Redis\) is unreachable/), details: { retryAfterS: 2 } });
    const callsWhileDown = stack.stats().backendCalls;
    await redis.start();
    const back = await until(async () => (await judgeForActor(judgeKey, { items: [item(1, "r")], model: m.version })).status === 200, 15_000, "judging after Redis restarts");
    expect(back).toBe(true);
    expect(stack.stats().backendCalls).toBe(callsWhileDown + 1);
  });
});
