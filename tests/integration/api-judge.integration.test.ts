/**
 * The judge operations as the routes call them, against real Postgres and Redis: who may judge,
 * both-order results, references resolved from the database (including chat-templated prompts), the
 * OpenRLHF drop-in's splitting and reply shape, per-item errors, and the run-control piggy-back.
 * Backend: the test double "deterministic" (GENRM_ALLOW_TEST_BACKENDS=1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { createModel, createUser, keyActor, seedReference } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { mirrorProbs } from "@genrm/verdicts";
import { closeServingPool, forgetReferences, judgeForActor, openrlhfReward, resetServingConfig } from "@core/genrm-service";

let t: TestEnv;
let judge: Actor;
let owner: Actor;
let version: number;

beforeAll(async () => {
  t = await createTestEnv("apijudge");
  process.env.GENRM_ALLOW_TEST_BACKENDS = "1";
  resetServingConfig();
  owner = (await createUser()).actor;
  judge = (await keyActor(["judge"], owner)).actor;
  // A judge with a position bias, so the two orders can disagree.
  version = (await createModel({ backend: "deterministic", status: "active", config: { positionBias: 1.5 } })).version;
});
afterAll(async () => {
  await closeServingPool();
  await t.cleanup();
});

describe("who may judge", () => {
  it("needs an API key with the judge scope", async () => {
    const body = { items: [{ prompt: "p", response: "r", reference: "x" }] };
    await expect(judgeForActor(null, body)).rejects.toMatchObject({ status: 401 });
    await expect(judgeForActor((await keyActor(["runs:write"])).actor, body)).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/lacks the 'judge' scope/) });
    await expect(judgeForActor(owner, body)).rejects.toMatchObject({ status: 403 });
    await expect(openrlhfReward((await keyActor(["data:write"])).actor, { query: [] }, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe("both orders", () => {
  it("swapping response and reference mirrors the probabilities; disagreeing orders are flagged", async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ prompt: `Q${i}`, response: `answer one ${i}`, reference: `answer two ${i}` }));
    const swapped = items.map((it) => ({ ...it, response: it.reference, reference: it.response }));
    const a = (await judgeForActor(judge, { items })).reply.results;
    const b = (await judgeForActor(judge, { items: swapped })).reply.results;
    a.forEach((r, i) => {
      if (!("probs" in r) || !("probs" in b[i]!)) throw new Error("item failed");
      const m = mirrorProbs((b[i] as typeof r).probs);
      expect(r.probs.better).toBeCloseTo(m.better, 12);
      expect(r.probs.worse).toBeCloseTo(m.worse, 12);
      expect(r.reward).toBeCloseTo(-(b[i] as typeof r).reward, 12);
      expect(r.probs.better + r.probs.same + r.probs.worse).toBeCloseTo(1, 9);
    });
    const flags = a.map((r) => ("consistent" in r ? r.consistent : null));
    expect(flags).toContain(false); // the position bias makes some items disagree across orders
    expect(flags).toContain(true);
    const single = (await judgeForActor(judge, { items: items.slice(0, 2), bothOrders: false })).reply;
    expect(single.bothOrders).toBe(false);
    expect(single.results.map((r) => ("consistent" in r ? r.consistent : "err"))).toEqual([null, null]);
  });
});

describe("references", () => {
  it("uses the prompt's current reference when the item has none; a prompt without one is a 422 for that item only", async () => {
    await seedReference("What is the capital of France?", "Paris is the capital of France.", "tournament");
    forgetReferences();
    const { status, reply } = await judgeForActor(judge, {
      items: [
        { id: "known", prompt: "What is the capital of France?", response: "Paris." },
        { id: "unknown", prompt: "A prompt nobody imported", response: "Something." },
        { id: "given", prompt: "A prompt nobody imported", response: "Something.", reference: "Something else." },
      ],
    });
    expect(status).toBe(200);
    expect(reply.errors).toBe(1);
    expect(reply.results[0]).toMatchObject({ id: "known", referenceSource: "tournament", verdict: expect.any(String) });
    expect(reply.results[1]).toEqual({ id: "unknown", error: { status: 422, code: "Unprocessable", message: expect.stringMatching(/no reference answer for this prompt/) } });
    expect(reply.results[2]).toMatchObject({ id: "given", referenceSource: "request" });
    // Judged against the stored reference: the same numbers as passing it explicitly.
    const explicit = (await judgeForActor(judge, { items: [{ prompt: "What is the capital of France?", response: "Paris.", reference: "Paris is the capital of France." }] })).reply.results[0];
    expect((reply.results[0] as { probs: unknown }).probs).toEqual((explicit as { probs: unknown }).probs);
  });

  it("every item failing gives an error status with each item's reason", async () => {
    const { status, reply } = await judgeForActor(judge, { items: [{ prompt: "nobody knows this one", response: "x" }] });
    expect(status).toBe(422);
    expect(reply.error).toMatch(/no item could be judged; item 0: no reference answer/);
  });

  it("oversized text fails only its item (413); too many items fail the request (413)", async () => {
    const big = "x".repeat(200_001);
    const { reply } = await judgeForActor(judge, { items: [{ prompt: "p", response: big, reference: "r" }, { prompt: "p", response: "ok", reference: "r" }] });
    expect(reply.results[0]).toMatchObject({ error: { status: 413, message: "response is 200,001 characters; the limit is 200,000" } });
    expect(reply.results[1]).toMatchObject({ verdict: expect.any(String) });
    const many = Array.from({ length: 1025 }, () => ({ prompt: "p", response: "r", reference: "x" }));
    await expect(judgeForActor(judge, { items: many })).rejects.toMatchObject({ status: 413, message: "items has 1025 items; the limit is 1024 per request (split the batch)" });
  });

  it("wrong types and empty lists are 400s naming the field", async () => {
    await expect(judgeForActor(judge, { items: [] })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["items"], message: "items must not be empty" })] });
    await expect(judgeForActor(judge, { items: [{ prompt: "p", response: 5 }] })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["items", 0, "response"], message: "response must be a string" })] });
    await expect(judgeForActor(judge, { items: "nope" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["items"] })] });
    await expect(judgeForActor(judge, { items: [{ prompt: "p", response: "r" }], bothOrders: "yes" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["bothOrders"] })] });
  });
});

describe("OpenRLHF drop-in", () => {
  const chat = (q: string) => `<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n${q}<|im_end|>\n<|im_start|>assistant\n`;

  it("splits query into prompt + response, uses labels as references, and answers the shape OpenRLHF concatenates", async () => {
    await seedReference("Name a prime number.", "2 is prime: its only divisors are 1 and itself.", "imported");
    forgetReferences();
    const prompts = [chat("Name a prime number."), chat("Say hi."), chat("Say hi.")];
    const query = [prompts[0] + "7 is prime.<|im_end|>", prompts[1] + "Hi!<|endoftext|>", "garbled"];
    const { status, reply } = await openrlhfReward(judge, { query, prompts, labels: ["", "Hello!", "Hello!"] }, {});
    expect(status).toBe(200);
    expect(reply.rewards).toHaveLength(3);
    expect(reply.scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    reply.rewards.forEach((r, i) => expect(reply.scores[i]).toBeCloseTo((r + 1) / 2, 12));
    expect(Object.keys(reply.extra_logs).sort()).toEqual(["genrm_consistent", "genrm_error", "genrm_p_better", "genrm_p_same", "genrm_p_worse"]);
    for (const v of Object.values(reply.extra_logs)) expect(v).toHaveLength(3);
    expect(reply.extra_logs.genrm_error).toEqual([0, 0, 1]);
    expect(reply.errors).toEqual([{ index: 2, status: 422, code: "Unprocessable", message: expect.stringMatching(/does not contain its prompt/) }]);
    expect(reply.rewards[2]).toBe(0);
    // The same judgement through /judge with the pieces spelled out: identical reward.
    const same = (await judgeForActor(judge, { items: [{ prompt: "Say hi.", response: "Hi!", reference: "Hello!" }, { prompt: "Name a prime number.", response: "7 is prime." }] })).reply.results;
    expect(reply.rewards[1]).toBeCloseTo((same[0] as { reward: number }).reward, 12);
    expect(reply.rewards[0]).toBeCloseTo((same[1] as { reward: number }).reward, 12);
  });

  it("refuses malformed requests precisely, and answers an empty chunk with empty lists", async () => {
    await expect(openrlhfReward(judge, { query: ["a", "b"], prompts: ["a"] }, {})).rejects.toMatchObject({ status: 400, message: "prompts has 1 items but query has 2; they must match one to one" });
    await expect(openrlhfReward(judge, { query: ["a"] }, {})).rejects.toMatchObject({ status: 400, details: { field: "prompts" } });
    await expect(openrlhfReward(judge, { query: [1], prompts: ["a"] }, {})).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["query", 0] })] });
    await expect(openrlhfReward(judge, { query: ["a"], prompts: ["a"] }, { bothOrders: "maybe" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["bothOrders"] })] });
    const empty = await openrlhfReward(judge, { query: [], prompts: [], labels: [] }, {});
    expect(empty).toEqual({ status: 200, reply: { rewards: [], scores: [], extra_logs: { genrm_p_better: [], genrm_p_same: [], genrm_p_worse: [], genrm_error: [], genrm_consistent: [] }, errors: [] } });
  });
});

describe("run control piggy-back", () => {
  it("a judge request naming its run gets the run's control and is judged by the run's model", async () => {
    const runModel = await createModel({ backend: "deterministic", config: { salt: "run" }, name: "genrm-run-model" });
    const run = await db().rlRun.create({ data: { name: "r1", ownerId: owner.userId, modelId: runModel.id, controlAction: "pause", controlReason: "length bias alert" } });
    const { reply } = await judgeForActor(judge, { items: [{ prompt: "p", response: "r", reference: "x" }], runId: run.id });
    expect(reply.control).toEqual({ action: "pause", model: "genrm-run-model", reason: "length bias alert" });
    expect(reply.model.version).toBe(runModel.version);
    // An explicit model still wins; another owner's run looks like a missing one.
    expect((await judgeForActor(judge, { items: [{ prompt: "p", response: "r", reference: "x" }], runId: run.id, model: version })).reply.model.version).toBe(version);
    const stranger = (await keyActor(["judge"])).actor;
    await expect(judgeForActor(stranger, { items: [{ prompt: "p", response: "r", reference: "x" }], runId: run.id })).rejects.toMatchObject({ status: 404 });
    const viaOpenRlhf = await openrlhfReward(judge, { query: ["pr"], prompts: ["p"], labels: ["x"] }, { runId: run.id });
    expect(viaOpenRlhf.reply.control?.action).toBe("pause");
  });
});
