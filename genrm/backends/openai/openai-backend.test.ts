/**
 * The openai backend against the FAKE vLLM server (backends/fake/fake-vllm-server.ts): a stand-in that
 * speaks vLLM's documented OpenAI-compatible protocol over a real socket, not vLLM itself.
 */
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderJudgePrompt } from "../../template";
import { requireJudgements } from "../../debias";
import { BackendError, isItemFailure, type JudgeItem } from "../../types";
import { startFakeVllmServer, type FakeVllmServer } from "../fake/fake-vllm-server";
import { fakeVerdictProbs } from "../fake/scoring";
import { listModels, loadLoraAdapter, unloadLoraAdapter } from "./lora";
import { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "./openai-backend";

const items: JudgeItem[] = Array.from({ length: 7 }, (_, i) => ({ prompt: `question ${i}`, reference: `ref ${i}`, candidate: `answer ${i * 7}` }));

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function errorOf(p: Promise<unknown>): Promise<BackendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackendError);
  return err as BackendError;
}

describe("OpenAICompatibleBackend against the fake vLLM server (documented protocol)", () => {
  let server: FakeVllmServer;
  const backend = (o: Partial<OpenAICompatibleOptions> = {}) =>
    new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, apiKey: "k", timeoutMs: 5000, retries: 2, retryBaseMs: 5, ...o });

  beforeAll(async () => {
    server = await startFakeVllmServer({ apiKey: "k", maxModelLen: 8192 });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.behavior = { mode: "normal", delayMs: 0, failNext: 0, failStatus: 500 };
    server.completionRequests = 0;
  });

  it("sends one list-of-prompts request shaped as vLLM expects", async () => {
    await backend().judge(items.slice(0, 2));
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/v1/completions");
    expect(req.body).toEqual({
      model: server.model,
      prompt: items.slice(0, 2).map((i) => renderJudgePrompt(i)),
      max_tokens: 1,
      temperature: 0,
      logprobs: 20,
    });
  });

  it("recovers the judge's distribution from top_logprobs (spellings summed, distractors dropped)", async () => {
    const out = requireJudgements(await backend().judge(items));
    out.forEach((p, i) => {
      const want = fakeVerdictProbs(items[i]!);
      expect(p.better).toBeCloseTo(want.better, 9);
      expect(p.same).toBeCloseTo(want.same, 9);
      expect(p.worse).toBeCloseTo(want.worse, 9);
    });
  });

  it("matches choices by index when the server lists them out of order", async () => {
    const normal = await backend().judge(items);
    server.behavior.mode = "reversed-choices";
    expect(await backend().judge(items)).toEqual(normal);
  });

  it("falls back to the generated text when top_logprobs hold no verdict token", async () => {
    const normal = requireJudgements(await backend().judge(items));
    server.behavior.mode = "text-only";
    const out = requireJudgements(await backend().judge(items));
    out.forEach((p, i) => {
      expect(Object.values(p).sort()).toEqual([0, 0, 1]);
      const top = Object.entries(normal[i]!).sort((a, b) => b[1] - a[1])[0]![0];
      expect(p[top as keyof typeof p]).toBe(1);
    });
    server.behavior.mode = "no-logprobs";
    expect(await backend().judge(items)).toEqual(out);
  });

  it("gives each item an unparseable_verdict failure when neither logprobs nor text name a verdict", async () => {
    server.behavior.mode = "no-verdict";
    const out = await backend().judge(items);
    expect(out).toHaveLength(items.length);
    for (const o of out) {
      expect(isItemFailure(o)).toBe(true);
      if (isItemFailure(o)) expect(o.error).toMatchObject({ code: "unparseable_verdict" });
    }
    expect(server.completionRequests).toBe(1);
  });

  it("fails with bad_response, without retrying, on a body that is not JSON", async () => {
    server.behavior.mode = "garbage";
    expect((await errorOf(backend().judge(items))).code).toBe("bad_response");
    expect(server.completionRequests).toBe(1);
  });

  it("retries 5xx with backoff and succeeds when the server recovers", async () => {
    server.behavior.failNext = 2;
    const out = await backend({ retries: 2 }).judge(items);
    expect(out).toHaveLength(items.length);
    expect(server.completionRequests).toBe(3);
  });

  it.each([
    [500, "bad_response"],
    [503, "unreachable"],
    [429, "overloaded"],
  ])("gives up after the retries on persistent %i → %s", async (status, code) => {
    server.behavior.failNext = 100;
    server.behavior.failStatus = status;
    expect((await errorOf(backend({ retries: 2 }).judge(items))).code).toBe(code);
    expect(server.completionRequests).toBe(3);
  });

  it("times out with BackendError(timeout) within the deadline and does not retry a timeout", async () => {
    server.behavior.mode = "hang";
    const t0 = Date.now();
    const err = await errorOf(backend({ timeoutMs: 200 }).judge(items));
    expect(err.code).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(server.completionRequests).toBe(1);
  });

  it("gives BackendError(unreachable) when nothing listens, after its retries", async () => {
    const b = new OpenAICompatibleBackend({ baseUrl: `http://127.0.0.1:${await closedPort()}`, model: "m", retries: 2, retryBaseMs: 5 });
    expect((await errorOf(b.judge(items))).code).toBe("unreachable");
    expect(b.requestCount).toBe(3);
  });

  it("maps vLLM's context-length 400 to invalid_input, and truncates instead when maxBytes is set", async () => {
    const long: JudgeItem = { prompt: "p", reference: "r", candidate: "x".repeat(20_000) };
    expect((await errorOf(backend().judge([long]))).code).toBe("invalid_input");
    const [p] = requireJudgements(await backend({ maxBytes: 4000 }).judge([long]));
    expect(p!.better + p!.same + p!.worse).toBeCloseTo(1, 12);
  });

  it("splits large batches into maxBatch-sized requests and keeps the order", async () => {
    const whole = await backend().judge(items);
    server.completionRequests = 0;
    expect(await backend({ maxBatch: 3 }).judge(items)).toEqual(whole);
    expect(server.completionRequests).toBe(3);
  });

  it("stops the remaining chunks of a call once one chunk has failed", async () => {
    server.behavior.failNext = 1;
    server.behavior.failStatus = 400;
    expect((await errorOf(backend({ maxBatch: 1, maxConcurrency: 1 }).judge(items))).code).toBe("invalid_input");
    expect(server.completionRequests).toBe(1);
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    server.behavior.delayMs = 30;
    let now = 0;
    let peak = 0;
    const counting: typeof fetch = async (...args) => {
      peak = Math.max(peak, ++now);
      try {
        return await fetch(...args);
      } finally {
        now--;
      }
    };
    const b = backend({ maxBatch: 1, maxConcurrency: 2, fetch: counting });
    await Promise.all([b.judge(items), b.judge(items)]);
    expect(peak).toBe(2);
  });

  it("reports a wrong API key or unknown model as bad_response", async () => {
    expect((await errorOf(backend({ apiKey: "wrong" }).judge(items))).code).toBe("bad_response");
    expect((await errorOf(backend({ model: "nope" }).judge(items))).code).toBe("bad_response");
  });

  it("rethrows the caller's abort reason", async () => {
    server.behavior.delayMs = 1000;
    const ctl = new AbortController();
    const p = backend().judge(items, { signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error("stop")), 20);
    await expect(p).rejects.toThrow("stop");
  });

  it("refuses items that are not strings with invalid_input", async () => {
    const bad = [{ prompt: "p", reference: 1, candidate: "c" }] as unknown as JudgeItem[];
    expect((await errorOf(backend().judge(bad))).code).toBe("invalid_input");
  });
});

describe("vLLM LoRA adapter helpers against the fake vLLM server", () => {
  let server: FakeVllmServer;
  beforeAll(async () => {
    server = await startFakeVllmServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("loads an adapter (idempotently), serves it under its name, lists and unloads it", async () => {
    expect(await loadLoraAdapter(server.baseUrl, "genrm-v2", "/adapters/v2")).toEqual({ alreadyLoaded: false });
    expect(server.requests.at(-1)).toMatchObject({ path: "/v1/load_lora_adapter", body: { lora_name: "genrm-v2", lora_path: "/adapters/v2" } });
    expect(await loadLoraAdapter(server.baseUrl, "genrm-v2", "/adapters/v2")).toEqual({ alreadyLoaded: true });
    expect(await listModels(server.baseUrl)).toEqual([server.model, "genrm-v2"]);

    const base = await new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model }).judge(items);
    const lora = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: "genrm-v2", modelId: "version-2" });
    expect(lora.modelId).toBe("version-2");
    expect(await lora.judge(items)).not.toEqual(base);

    await unloadLoraAdapter(server.baseUrl, "genrm-v2");
    expect(await listModels(server.baseUrl)).toEqual([server.model]);
    expect((await errorOf(lora.judge(items))).code).toBe("bad_response");
  });

  it("explains a 404 when runtime LoRA updating is off", async () => {
    const off = await startFakeVllmServer({ allowRuntimeLoraUpdating: false });
    try {
      const err = await errorOf(loadLoraAdapter(off.baseUrl, "x", "/x"));
      expect(err.message).toMatch(/VLLM_ALLOW_RUNTIME_LORA_UPDATING/);
    } finally {
      await off.close();
    }
  });
});
