import { afterEach, describe, expect, it } from "vitest";
import { startFakeVllmServer, type FakeVllmServer } from "../fake/fake-vllm-server";
import { OpenAICompatibleBackend } from "./openai-backend";
import { probeServedJudge, serverLogprobLimit } from "./probe";
import { servedJudgeConfig } from "./served-config";

const servers: FakeVllmServer[] = [];
async function fake(opts: Parameters<typeof startFakeVllmServer>[0] = {}) {
  const s = await startFakeVllmServer(opts);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const config = (c: Record<string, unknown>) => servedJudgeConfig.parse(c);

describe("probeServedJudge", () => {
  it("passes a healthy fleet and times real judgements through the backend", async () => {
    const [a, b] = [await fake(), await fake()];
    const c = config({ baseUrls: [a.baseUrl, b.baseUrl], model: a.model });
    const report = await probeServedJudge(c, {
      judge: (items, k) => new OpenAICompatibleBackend({ baseUrl: a.baseUrl, model: a.model, topLogprobs: k ?? undefined }).judge(items),
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.urls.map((u) => [u.reachable, u.protocolOk, u.logprobs])).toEqual([
      [true, true, 20],
      [true, true, 20],
    ]);
    expect(report.judgements).toHaveLength(2);
    expect(report.topLogprobs).toBe(20);
  });

  it("names an unreachable base URL by its index", async () => {
    const a = await fake();
    const dead = await fake();
    const deadUrl = dead.baseUrl;
    await dead.close();
    const report = await probeServedJudge(config({ baseUrls: [a.baseUrl, deadUrl], model: a.model }), { timeoutMs: 3000 });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ field: "baseUrls.1", message: expect.stringContaining("cannot be reached") }]);
  });

  it("names a model the server does not serve and lists what it does", async () => {
    const a = await fake({ model: "judge-7b" });
    const report = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: "judge-70b" }));
    expect(report.problems).toEqual([{ field: "model", message: expect.stringMatching(/serves no model "judge-70b".*"judge-7b"/) }]);
  });

  it("refuses a logprobs judge on a server that returns none", async () => {
    const a = await fake({ behavior: { mode: "no-logprobs" } });
    const report = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: a.model }));
    expect(report.problems).toEqual([{ field: "mode", message: expect.stringContaining("returns no logprobs") }]);
  });

  it("adopts a 5-logprob server's limit when none was asked for, refuses it when more was asked", async () => {
    const a = await fake({ maxLogprobs: 5 });
    const adopted = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: a.model }));
    expect(adopted.problems).toEqual([]);
    expect(adopted.topLogprobs).toBe(5);
    expect(adopted.urls[0]!.maxLogprobs).toBe(5);
    const refused = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: a.model, topLogprobs: 10 }), { topLogprobsExplicit: true });
    expect(refused.problems).toEqual([{ field: "topLogprobs", message: expect.stringContaining("at most 5 top logprobs") }]);
  });

  it("reports a refused API key under apiKey", async () => {
    const a = await fake({ apiKey: "sk-right" });
    const wrong = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: a.model }), { apiKey: "sk-wrong" });
    expect(wrong.problems[0]!.field).toBe("apiKey");
    expect(JSON.stringify(wrong)).not.toContain("sk-wrong");
    const right = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: a.model }), { apiKey: "sk-right" });
    expect(right.problems).toEqual([]);
  });

  it("turns a failing test judgement into a judge problem", async () => {
    const a = await fake();
    const report = await probeServedJudge(config({ baseUrls: [a.baseUrl], model: a.model }), {
      judge: async () => {
        throw new Error("no verdict in reply");
      },
    });
    expect(report.problems).toEqual([{ field: "judge", message: "a test judgement failed: no verdict in reply" }]);
  });

  it("reads server logprob limits from vLLM's and OpenAI's messages", () => {
    expect(serverLogprobLimit("Requested sample logprobs of 20, which is greater than max allowed: 5")).toBe(5);
    expect(serverLogprobLimit("top_logprobs must be less than or equal to 20")).toBe(20);
    expect(serverLogprobLimit("something else")).toBeNull();
  });
});
