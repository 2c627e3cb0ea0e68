/** The FAKE vLLM server itself: it must keep to vLLM's documented response shapes, or tests built on it lie. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderJudgeMessages, renderJudgePrompt } from "../../template";
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

  const judgeMessages = renderJudgeMessages({ prompt: "q", reference: "r", candidate: "c" }, "verdict-word");

  it("answers /v1/chat/completions in vLLM's chat.completion shape, with chat logprobs as lists of {token, logprob, bytes}", async () => {
    const { status, text } = await post(`${server.baseUrl}/v1/chat/completions`, { model: server.model, messages: judgeMessages, max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 5 });
    expect(status).toBe(200);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/), object: "chat.completion", created: expect.any(Number), model: server.model });
    expect(body.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 1, total_tokens: expect.any(Number) });
    const [c] = body.choices;
    expect(c).toMatchObject({ index: 0, message: { role: "assistant", content: expect.stringMatching(/^(better|same|worse)$/) }, finish_reason: "length", stop_reason: null });
    expect(c.logprobs.content).toHaveLength(1);
    const first = c.logprobs.content[0];
    expect(Object.keys(first).sort()).toEqual(["bytes", "logprob", "token", "top_logprobs"]);
    expect(first.token).toBe(c.message.content);
    expect(first.bytes).toEqual([...Buffer.from(first.token)]);
    expect(first.top_logprobs).toHaveLength(5);
    for (const t of first.top_logprobs) expect(Object.keys(t).sort()).toEqual(["bytes", "logprob", "token"]);
    const mass = first.top_logprobs.reduce((a: number, t: { logprob: number }) => a + Math.exp(t.logprob), 0);
    expect(mass).toBeLessThanOrEqual(1 + 1e-9);
  });

  it("gives `n` chat samples, and no logprobs unless asked", async () => {
    const reasoning = renderJudgeMessages({ prompt: "q", reference: "r", candidate: "c" }, "reasoning");
    const body = JSON.parse((await post(`${server.baseUrl}/v1/chat/completions`, { model: server.model, messages: reasoning, n: 4, temperature: 0.8, max_tokens: 200 })).text);
    expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2, 3]);
    for (const c of body.choices) {
      expect(c.logprobs).toBeNull();
      expect(c.message.content).toMatch(/\nVerdict: (better|same|worse)$/);
    }
    const cut = JSON.parse((await post(`${server.baseUrl}/v1/chat/completions`, { model: server.model, messages: reasoning, max_tokens: 5 })).text);
    expect(cut.choices[0].finish_reason).toBe("length");
    expect(cut.choices[0].message.content).not.toMatch(/Verdict/);
  });

  it("caps top logprobs like vLLM's --max-logprobs, with vLLM's ErrorResponse body", async () => {
    const capped = await startFakeVllmServer({ maxLogprobs: 5 });
    try {
      for (const [path, body] of [
        ["/v1/chat/completions", { model: capped.model, messages: judgeMessages, logprobs: true, top_logprobs: 6 }],
        ["/v1/completions", { model: capped.model, prompt: "x", logprobs: 6 }],
      ] as const) {
        const res = await post(`${capped.baseUrl}${path}`, body);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text)).toEqual({
          error: { message: "Requested sample logprobs of 6, which is greater than max allowed: 5", type: "BadRequestError", param: expect.toSatisfy((p: unknown) => p === null || typeof p === "string"), code: 400 },
        });
      }
      const noFlag = await post(`${capped.baseUrl}/v1/chat/completions`, { model: capped.model, messages: judgeMessages, top_logprobs: 2 });
      expect(noFlag.status).toBe(400);
      expect(noFlag.text).toMatch(/`logprobs` must be set to true/);
    } finally {
      await capped.close();
    }
  });

  it("refuses unknown models and bad chat requests with vLLM's error shape", async () => {
    const unknown = await post(`${server.baseUrl}/v1/chat/completions`, { model: "other", messages: judgeMessages });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ error: { message: "The model `other` does not exist.", type: "NotFoundError", param: "model", code: 404 } });
    const noMessages = await post(`${server.baseUrl}/v1/chat/completions`, { model: server.model, messages: [] });
    expect(noMessages.status).toBe(400);
    expect(JSON.parse(noMessages.text).error).toMatchObject({ type: "BadRequestError", code: 400 });
  });

  it("loads and unloads LoRA adapters with vLLM's replies", async () => {
    const url = (p: string) => `${server.baseUrl}/v1/${p}_lora_adapter`;
    expect(await post(url("load"), { lora_name: "a1", lora_path: "/adapters/a1" })).toEqual({ status: 200, text: "Success: LoRA adapter 'a1' added successfully." });
    const again = await post(url("load"), { lora_name: "a1", lora_path: "/adapters/a1" });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).error).toMatchObject({ type: "InvalidUserInput", code: 400, message: expect.stringMatching(/has already been loaded/) });
    const missing = await post(url("load"), { lora_name: "a2" });
    expect(JSON.parse(missing.text).error).toMatchObject({ type: "InvalidUserInput", message: "Both 'lora_name' and 'lora_path' must be provided." });
    const models = await (await fetch(`${server.baseUrl}/v1/models`)).json();
    expect(models.data.map((m: { id: string }) => m.id)).toContain("a1");
    const chat = await post(`${server.baseUrl}/v1/chat/completions`, { model: "a1", messages: judgeMessages, max_tokens: 1 });
    expect(JSON.parse(chat.text).model).toBe("a1");
    expect(await post(url("unload"), { lora_name: "a1" })).toEqual({ status: 200, text: "Success: LoRA adapter 'a1' removed successfully." });
    const gone = await post(url("unload"), { lora_name: "a1" });
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.text)).toEqual({ error: { message: "The lora adapter 'a1' cannot be found.", type: "NotFoundError", param: null, code: 404 } });
  });
});
