/** The FAKE vLLM server itself: it must keep to vLLM's documented response shapes, or tests built on it lie. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderJudgePrompt } from "../../template";
import { parseRenderedPrompt, startFakeVllmServer, type FakeVllmServer } from "./fake-vllm-server";

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
};

describe("fake vLLM server (a fake of vLLM's documented OpenAI-compatible protocol)", () => {
  let server: FakeVllmServer;
  beforeAll(async () => {
    server = await startFakeVllmServer({ maxModelLen: 2048 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("binds 127.0.0.1 only", () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers /v1/completions in vLLM's text_completion shape", async () => {
    const prompt = renderJudgePrompt({ prompt: "q", reference: "r", candidate: "c" });
    const { status, text } = await post(`${server.baseUrl}/v1/completions`, { model: server.model, prompt: [prompt, prompt], max_tokens: 1, temperature: 0, logprobs: 5 });
    expect(status).toBe(200);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ id: expect.stringMatching(/^cmpl-/), object: "text_completion", created: expect.any(Number), model: server.model });
    expect(body.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 2, total_tokens: expect.any(Number) });
    expect(body.choices).toHaveLength(2);
    for (const [i, c] of body.choices.entries()) {
      expect(c).toMatchObject({ index: i, text: expect.any(String), finish_reason: "length", stop_reason: null });
      expect(Object.keys(c.logprobs).sort()).toEqual(["text_offset", "token_logprobs", "tokens", "top_logprobs"]);
      expect(c.logprobs.tokens).toEqual([c.text]);
      expect(c.logprobs.top_logprobs).toHaveLength(1);
      const top = c.logprobs.top_logprobs[0];
      expect(Object.keys(top).length).toBeLessThanOrEqual(6); // k, plus the sampled token if outside the top k
      expect(top[c.text]).toBe(c.logprobs.token_logprobs[0]);
      const mass = Object.values(top as Record<string, number>).reduce((a, lp) => a + Math.exp(lp), 0);
      expect(mass).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("accepts a single string prompt and `n`", async () => {
    const { text } = await post(`${server.baseUrl}/v1/completions`, { model: server.model, prompt: "hello", max_tokens: 1, n: 2 });
    const body = JSON.parse(text);
    expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1]);
    expect(body.choices[0].logprobs).toBeNull(); // no logprobs asked
  });

  it("refuses what vLLM refuses, with its error messages", async () => {
    const url = `${server.baseUrl}/v1/completions`;
    const tooMany = await post(url, { model: server.model, prompt: "x", logprobs: 21 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toMatch(/greater than max allowed: 20/);
    const tooLong = await post(url, { model: server.model, prompt: "x".repeat(5000), max_tokens: 1 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toMatch(/maximum context length is 2048 tokens/);
    const unknown = await post(url, { model: "other", prompt: "x" });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toMatch(/does not exist/);
  });

  it("lists models in /v1/models with their context length", async () => {
    const body = await (await fetch(`${server.baseUrl}/v1/models`)).json();
    expect(body).toMatchObject({ object: "list", data: [{ id: server.model, object: "model", owned_by: "vllm", max_model_len: 2048 }] });
  });

  it("requires the API key when started with one", async () => {
    const locked = await startFakeVllmServer({ apiKey: "secret" });
    try {
      expect((await post(`${locked.baseUrl}/v1/completions`, { model: locked.model, prompt: "x" })).status).toBe(401);
      expect((await post(`${locked.baseUrl}/v1/completions`, { model: locked.model, prompt: "x" }, { authorization: "Bearer secret" })).status).toBe(200);
    } finally {
      await locked.close();
    }
  });

  it("recovers the judge item from a rendered prompt", () => {
    const item = { prompt: "Q\nwith lines", reference: "R ### x", candidate: "C" };
    expect(parseRenderedPrompt(renderJudgePrompt(item))).toEqual(item);
    expect(parseRenderedPrompt("free text")).toBeNull();
  });
});
