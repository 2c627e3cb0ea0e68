/**
 * Served judges through the judge operations, against real Postgres and Redis and two FAKE vLLM
 * replicas (genrm/backends/fake: vLLM's chat protocol, no model): a reasoning judge's vote shares and
 * reasoning on request, an unreadable reply as that item's 502 (never a 0 reward) in /api/v1/judge and
 * a 502 naming the query in the OpenRLHF drop-in, the fleet's per-URL health, legacy {baseUrl} rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { createModel, createUser, keyActor } from "../helpers/judge-fixtures";
import type { Actor } from "@core/auth/actor";
import { closeServingPool, judgeForActor, openrlhfReward, resetServingConfig } from "@core/genrm-service";
import { getServedJudgeHealth } from "@core/genrm-service/served-judge-health";
import { startFakeVllmServer, type FakeVllmServer } from "@genrm/backends/fake/fake-vllm-server";

let t: TestEnv;
let judge: Actor;
let researcher: Actor;
let a: FakeVllmServer;
let b: FakeVllmServer;
let reasoningVersion: number;

beforeAll(async () => {
  t = await createTestEnv("reasonjudge");
  resetServingConfig();
  researcher = (await createUser()).actor;
  judge = (await keyActor(["judge"], researcher)).actor;
  [a, b] = [await startFakeVllmServer({ maxLogprobs: 5 }), await startFakeVllmServer({ maxLogprobs: 5 })];
  const config = { baseUrls: [a.baseUrl, b.baseUrl], model: a.model, api: "chat", mode: "reasoning", samples: 3 };
  reasoningVersion = (await createModel({ backend: "openai", status: "candidate", config })).version;
});
afterAll(async () => {
  await closeServingPool();
  await Promise.all([a?.close(), b?.close()]);
  await t.cleanup();
});

const good = { prompt: "Name a prime.", response: "7 is prime.", reference: "2" };
const unreadable = { prompt: "Name a prime.", response: "9 <<no-verdict>>", reference: "3" };

describe("a reasoning judge through /api/v1/judge", () => {
  it("returns vote shares, the reasoning of both orders when asked, and an unreadable reply as that item's 502", async () => {
    const { status, reply } = await judgeForActor(judge, { model: reasoningVersion, includeReasoning: true, items: [good, unreadable] });
    expect(status).toBe(200);
    expect(reply.errors).toBe(1);
    const ok = reply.results[0] as { probs: Record<string, number>; reasoning: { forward: string[]; swapped: string[] } };
    expect(ok.probs.better + ok.probs.same + ok.probs.worse).toBeCloseTo(1, 12);
    expect(ok.reasoning.forward).toHaveLength(3);
    expect(ok.reasoning.swapped).toHaveLength(3);
    expect(ok.reasoning.forward[0]).toMatch(/Verdict: (better|same|worse)$/);
    expect(reply.results[1]).toEqual({
      id: 1,
      error: { status: 502, code: "BadGateway", reason: "unparseable_verdict", message: expect.stringMatching(/reply could not be read/) },
    });
    const plain = (await judgeForActor(judge, { model: reasoningVersion, items: [good] })).reply.results[0]!;
    expect(plain).not.toHaveProperty("reasoning");
    expect((plain as { probs: unknown }).probs).toEqual(ok.probs);
  });

  it("a batch in which no item could be read is a 502", async () => {
    const { status, reply } = await judgeForActor(judge, { model: reasoningVersion, items: [unreadable] });
    expect(status).toBe(502);
    expect(reply.error).toMatch(/no item could be judged/);
  });
});

describe("the OpenRLHF drop-in with a reasoning judge", () => {
  it("answers 502 naming the query whose judgement could not be read — never a 0 reward", async () => {
    const query = [good.prompt + good.response, unreadable.prompt + unreadable.response];
    const { status, reply } = await openrlhfReward(judge, { query, prompts: [good.prompt, unreadable.prompt], labels: [good.reference, unreadable.reference] }, { model: String(reasoningVersion) });
    expect(status).toBe(502);
    expect(reply.error).toMatch(/query 1 could not be read/);
    expect(reply.errors).toEqual([expect.objectContaining({ index: 1, status: 502, reason: "unparseable_verdict" })]);
    const fine = await openrlhfReward(judge, { query: [query[0]!], prompts: [good.prompt], labels: [good.reference] }, { model: String(reasoningVersion) });
    expect(fine.status).toBe(200);
    expect(fine.reply.rewards[0]).toBeGreaterThanOrEqual(-1);
  });
});

describe("fleet health", () => {
  it("shows each base URL; a replica taken down is marked out while the other keeps judging", async () => {
    let [h] = await getServedJudgeHealth(researcher, { check: true });
    expect(h).toMatchObject({ version: reasoningVersion, servedModel: a.model, api: "chat", mode: "reasoning", error: null });
    expect(h!.urls.map((u) => [u.url, u.healthy])).toEqual([[a.baseUrl, true], [b.baseUrl, true]]);
    await a.close();
    [h] = await getServedJudgeHealth(researcher, { check: true });
    expect(h!.urls[0]).toMatchObject({ url: a.baseUrl, healthy: false, lastError: expect.any(String) });
    expect(h!.urls[1]).toMatchObject({ url: b.baseUrl, healthy: true });
    const { status } = await judgeForActor(judge, { model: reasoningVersion, items: [{ ...good, response: "11 is prime too." }] });
    expect(status).toBe(200);
    await expect(getServedJudgeHealth(judge)).rejects.toMatchObject({ status: 403 });
  });

  it("a legacy {baseUrl} row is still served (completions, logprobs)", async () => {
    const legacy = await createModel({ backend: "openai", status: "candidate", config: { baseUrl: b.baseUrl, model: b.model, topLogprobs: 5 } });
    const { status, reply } = await judgeForActor(judge, { model: legacy.version, items: [good] });
    expect(status).toBe(200);
    expect(reply.results[0]).toMatchObject({ verdict: expect.any(String) });
  });
});
