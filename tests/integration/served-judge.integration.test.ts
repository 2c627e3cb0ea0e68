/**
 * Registering a judge served elsewhere, against the fake vLLM double on real sockets and a real database:
 * success (probed, stored, evaluated on held-out labels, promoted, judged through — spread over both
 * base URLs), every refusal naming the field and storing nothing, and the API key: sealed at rest, sent
 * to the server, never returned by the registry's reads and never written to the logs.
 */
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { labelledDataset, userActor } from "../helpers/genrm-fixtures";
import { keyActor } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { registerServedJudge } from "@core/models/register-served-judge";
import { listModels } from "@core/models/list-models";
import { getModel } from "@core/models/get-model";
import { promoteModel } from "@core/models/activate-model";
import { runEvaluation } from "@core/models/evaluation/run-evaluation";
import { exportRunData } from "@core/training-data/export-run-data";
import { closeServingPool, forgetServingModels, judgeForActor, resetServingConfig } from "@core/genrm-service";
import { startFakeVllmServer, type FakeVllmServer } from "@genrm/backends/fake/fake-vllm-server";
import { createTournamentRun } from "@core/tournaments/start-tournament-run";
import { executeTournamentRun } from "@core/tournaments/execute-tournament-run";
import { createDataset, makePrompts } from "../helpers/tournament-fixtures";

let t: TestEnv;
let researcher: Actor;
const servers: FakeVllmServer[] = [];

async function fake(opts: Parameters<typeof startFakeVllmServer>[0] = {}) {
  const s = await startFakeVllmServer(opts);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  t = await createTestEnv("servedjudge");
  researcher = await userActor("researcher");
  resetServingConfig();
});
afterAll(async () => {
  await closeServingPool();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await t?.cleanup();
});
beforeEach(() => forgetServingModels());
afterEach(() => vi.restoreAllMocks());

const rows = () => db().genrmModel.count();

describe("register a served judge", () => {
  it("refuses bad input with a 4xx naming the problem, and stores nothing", async () => {
    const up = await fake({ model: "judge-7b" });
    const noLogprobs = await fake({ model: "judge-7b", behavior: { mode: "no-logprobs" } });
    const deadUrl = (await fake()).baseUrl;
    await servers.pop()!.close();
    const base = { name: "bad", backend: "openai-compatible", baseUrls: [up.baseUrl], model: "judge-7b" };
    const before = await rows();
    const cases: Array<[string, unknown, object]> = [
      ["missing model", { ...base, model: undefined }, { code: "Invalid", message: expect.stringMatching(/^model/) }],
      ["missing base URLs", { ...base, baseUrls: [] }, { code: "Invalid", message: expect.stringMatching(/at least one base URL/) }],
      ["not a URL", { ...base, baseUrls: ["gpu-1:8000"] }, { code: "Invalid", message: expect.stringMatching(/baseUrls\.0: must be an http\(s\) URL/) }],
      ["a URL twice", { ...base, baseUrls: [up.baseUrl, `${up.baseUrl}/v1`] }, { code: "Invalid", message: expect.stringMatching(/listed twice/) }],
      ["wrong backend", { ...base, backend: "triton" }, { code: "Invalid", message: expect.stringMatching(/openai-compatible/) }],
      ["unknown field", { ...base, baseUrl: up.baseUrl }, { code: "Invalid" }],
      ["reasoning without chat", { ...base, mode: "reasoning", api: "completions" }, { code: "Invalid", message: expect.stringMatching(/reasoning.*needs api "chat"/) }],
      ["unreachable", { ...base, baseUrls: [up.baseUrl, deadUrl] }, { code: "Unprocessable", details: expect.objectContaining({ field: "baseUrls.1" }), message: expect.stringMatching(/cannot be reached/) }],
      ["no such model", { ...base, model: "judge-70b" }, { code: "Unprocessable", details: expect.objectContaining({ field: "model" }), message: expect.stringMatching(/serves no model "judge-70b"; it serves "judge-7b"/) }],
      ["no logprobs", { ...base, baseUrls: [noLogprobs.baseUrl] }, { code: "Unprocessable", details: expect.objectContaining({ field: "mode" }), message: expect.stringMatching(/returns no logprobs/) }],
    ];
    for (const [what, input, expected] of cases) {
      await expect(registerServedJudge(researcher, input), what).rejects.toMatchObject(expected);
    }
    const annotator = await userActor("annotator");
    await expect(registerServedJudge(annotator, base)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(registerServedJudge(null, base)).rejects.toMatchObject({ code: "Unauthenticated" });
    expect(await rows()).toBe(before);
  });

  it("registers chat judges: logprobs on a 5-logprob server, and reasoning with k samples; a judge whose replies name no verdict is refused", async () => {
    const hosted = await fake({ model: "chat-judge", maxLogprobs: 5 });
    const logprobs = await registerServedJudge(researcher, { name: "chat logprobs", baseUrls: [hosted.baseUrl], model: "chat-judge", api: "chat", mode: "logprobs" });
    expect(logprobs.probe.urls[0]).toMatchObject({ protocolOk: true, logprobs: 5 });
    expect((await db().genrmModel.findUniqueOrThrow({ where: { id: logprobs.model.id } })).config).toMatchObject({ api: "chat", mode: "logprobs", topLogprobs: 5 });

    const reasoning = await registerServedJudge(researcher, { name: "reasoning", baseUrls: [hosted.baseUrl], model: "chat-judge", mode: "reasoning", samples: 3 });
    expect(reasoning.probe.judgements.length).toBeGreaterThan(0);
    expect((await db().genrmModel.findUniqueOrThrow({ where: { id: reasoning.model.id } })).config).toMatchObject({ api: "chat", mode: "reasoning", samples: 3 });

    const mute = await fake({ model: "chat-judge", behavior: { mode: "no-verdict" } });
    const before = await rows();
    await expect(registerServedJudge(researcher, { name: "mute", baseUrls: [mute.baseUrl], model: "chat-judge", mode: "reasoning" })).rejects.toMatchObject({
      code: "Unprocessable",
      details: expect.objectContaining({ field: "judge" }),
      message: expect.stringMatching(/no verdict could be read|test judgement failed/),
    });
    expect(await rows()).toBe(before);
  });

  it("registers a two-server fleet with an API key: evaluated on held-out labels, promoted, judged through; the key never leaves", async () => {
    const secret = "sk-served-judge-secret-1234";
    const a = await fake({ model: "judge-7b", apiKey: secret, maxLogprobs: 5 });
    const b = await fake({ model: "judge-7b", apiKey: secret, maxLogprobs: 5 });
    const logged: string[] = [];
    for (const m of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    const writes = vi.spyOn(process.stdout, "write");
    const errWrites = vi.spyOn(process.stderr, "write");

    // A wrong key is named as such, nothing stored.
    await expect(
      registerServedJudge(researcher, { name: "wrong key", baseUrls: [a.baseUrl], model: "judge-7b", apiKey: "sk-wrong" }),
    ).rejects.toMatchObject({ code: "Unprocessable", details: expect.objectContaining({ field: "apiKey" }) });

    const reg = await registerServedJudge(researcher, { name: "fleet judge", backend: "openai-compatible", baseUrls: [a.baseUrl, b.baseUrl], model: "judge-7b", apiKey: secret });
    expect(reg.model).toMatchObject({ status: "candidate", backend: "openai", kind: "external" });
    expect(reg.probe.urls.map((u) => u.maxLogprobs)).toEqual([5, 5]); // a 5-logprob server: its limit adopted
    expect(reg.probe.judgements.length).toBeGreaterThan(0);
    expect(JSON.stringify(reg)).not.toContain(secret);

    const row = await db().genrmModel.findUniqueOrThrow({ where: { id: reg.model.id } });
    expect(row.apiKeyEncrypted).toMatch(/^v1:/);
    expect(row.apiKeyEncrypted).not.toContain(secret);
    expect(JSON.stringify(row.config)).not.toContain(secret);
    expect(row.config).toMatchObject({ baseUrls: [a.baseUrl, b.baseUrl], model: "judge-7b", api: "completions", mode: "logprobs", topLogprobs: 5 });

    // Reads never return it.
    expect(JSON.stringify(await listModels(researcher))).not.toContain(secret);
    const detail = await getModel(researcher, String(reg.model.version));
    expect(JSON.stringify(detail)).not.toContain(secret);
    expect(JSON.stringify(detail)).not.toContain("apiKeyEncrypted");
    expect(detail.serving).toMatchObject({ baseUrls: [a.baseUrl, b.baseUrl], hasApiKey: true, topLogprobs: 5 });

    // Evaluated on held-out labels like any other version (it was not trained here: a run's held-out set).
    const { datasetId } = await labelledDataset({ count: 60 });
    const run = await db().trainingRun.create({ data: { kind: "tiny", datasetIds: [datasetId], status: "succeeded" } });
    await exportRunData({ trainingRunId: run.id, datasetIds: [datasetId], heldoutFraction: 0.3, splitSeed: 1, weighting: "none", maxPromptBytes: 4096, file: path.join(os.tmpdir(), `served-${run.id}.jsonl`) });
    const evaluation = await db().evaluation.create({ data: { modelId: reg.model.id } });
    const metrics = await runEvaluation(evaluation.id);
    expect(metrics.trainingRunId).toBe(run.id);
    expect(metrics.heldoutComparisons).toBeGreaterThan(0);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0);

    // Promoted, then the judge API serves it, over both base URLs, with the key.
    await promoteModel(researcher, String(reg.model.version));
    forgetServingModels();
    const judge = (await keyActor(["judge"])).actor;
    const served = await judgeForActor(judge, { items: Array.from({ length: 12 }, (_, i) => ({ prompt: `Q${i}?`, response: `A${i}`, reference: `R${i}` })) });
    expect(served.reply.model.version).toBe(reg.model.version);
    expect(a.completionRequests + b.completionRequests).toBeGreaterThan(0);
    const authed = [...a.requests, ...b.requests].filter((r) => r.path === "/v1/completions");
    expect(authed.length).toBeGreaterThan(0);

    // A tournament judged by it (the worker's path: the run's model row → its serving stack, with the key),
    // in a fresh serving pool as in the worker process.
    await closeServingPool();
    const tds = await createDataset(researcher.kind === "user" ? researcher.userId : "", `served-tournament-${Date.now()}`, makePrompts(2, 4, "served"));
    const trun = await createTournamentRun(null, { datasetId: tds.datasetId, modelId: reg.model.id });
    await executeTournamentRun(trun.id);
    const played = await db().tournamentRun.findUniqueOrThrow({ where: { id: trun.id } });
    expect(played, played.error ?? "").toMatchObject({ status: "succeeded", modelId: reg.model.id });
    expect(played.judgeCalls).toBeGreaterThan(0);

    const out = [...logged, ...writes.mock.calls.map((c) => String(c[0])), ...errWrites.mock.calls.map((c) => String(c[0]))].join("\n");
    expect(out).not.toContain(secret);
  });
});
