/**
 * JudgeBackend over any OpenAI-compatible completions server (vLLM, SGLang, llama.cpp, Ollama):
 * renders each item with the shared template, sends batches as a list of prompts to
 * `POST {baseUrl}/v1/completions` (`max_tokens: 1, temperature: 0, logprobs: 20`) and reads the verdict
 * distribution from the first token's top_logprobs (see parse.ts).
 *
 * Failure policy: each attempt has its own deadline (`timeoutMs`, not retried: a slow server gets no
 * extra load) → "timeout"; connection failures, 429 and 5xx are retried `retries` times with
 * exponential backoff, then → "unreachable" (no connection, 502/503/504), "overloaded" (429) or
 * "bad_response" (other 5xx); 400/413/422 (e.g. vLLM's "maximum context length") → "invalid_input";
 * unparseable bodies → "bad_response".
 * Not here: both-order debiasing, caching, micro-batching — they wrap any backend.
 */
import { renderJudgePrompt, TEMPLATE_VERSION } from "../../template";
import { Semaphore, sleep } from "../../concurrency";
import { BackendError, type JudgeBackend, type JudgeItem, type JudgeOptions, type VerdictProbs } from "../../types";
import { errorMessage, httpRequest, joinUrl, type FetchLike } from "./http";
import { parseCompletionsResponse } from "./parse";

export interface OpenAICompatibleOptions {
  /** Server root, e.g. "http://127.0.0.1:8000" (without /v1). */
  baseUrl: string;
  /** The served model name, or a LoRA adapter's `lora_name` on vLLM. */
  model: string;
  /** Sent as `Authorization: Bearer …` (vLLM `--api-key`). */
  apiKey?: string;
  /** Deadline per HTTP attempt, ms. Default 30 000. */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure (connection, 429, 5xx). Default 2. */
  retries?: number;
  /** Most requests in flight from this instance. Default 8. */
  maxConcurrency?: number;
  /** Cap on each rendered prompt's UTF-8 bytes (fields truncated fairly); unset = send in full. */
  maxBytes?: number;
  /** Prompts per HTTP request; larger judge() batches are split. Default 32. */
  maxBatch?: number;
  /** `logprobs` requested. Default 20 (vLLM's default `--max-logprobs`; OpenAI's own API allows 5). */
  topLogprobs?: number;
  /** Identifies the weights for cache keys (e.g. the GenrmModel version id). Default: `model`. */
  modelId?: string;
  /** First backoff delay, ms; doubles per retry (with jitter), capped at 5 s. Default 200. */
  retryBaseMs?: number;
  /** Injected fetch (tests, proxies). Default: global fetch. */
  fetch?: FetchLike;
}

/** A failed attempt and whether another may help. */
class AttemptFailure {
  constructor(
    readonly error: BackendError,
    readonly retryable: boolean,
  ) {}
}

export class OpenAICompatibleBackend implements JudgeBackend {
  readonly kind = "openai";
  readonly modelId: string;
  readonly templateVersion = TEMPLATE_VERSION;
  readonly baseUrl: string;
  readonly model: string;
  /** HTTP requests sent (attempts, including retries). */
  requestCount = 0;

  private readonly opts: Required<Pick<OpenAICompatibleOptions, "timeoutMs" | "retries" | "maxBatch" | "topLogprobs" | "retryBaseMs">> &
    Pick<OpenAICompatibleOptions, "apiKey" | "maxBytes" | "fetch">;
  private readonly slots: Semaphore;

  constructor(options: OpenAICompatibleOptions) {
    if (!options.baseUrl) throw new RangeError("baseUrl is required");
    if (!options.model) throw new RangeError("model is required");
    this.baseUrl = options.baseUrl;
    this.model = options.model;
    this.modelId = options.modelId ?? options.model;
    this.opts = {
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 2,
      maxBatch: options.maxBatch ?? 32,
      topLogprobs: options.topLogprobs ?? 20,
      retryBaseMs: options.retryBaseMs ?? 200,
      apiKey: options.apiKey,
      maxBytes: options.maxBytes,
      fetch: options.fetch,
    };
    this.slots = new Semaphore(options.maxConcurrency ?? 8);
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<VerdictProbs[]> {
    if (items.length === 0) return [];
    const prompts = items.map((item, i) => this.render(item, i));
    const chunks: string[][] = [];
    for (let i = 0; i < prompts.length; i += this.opts.maxBatch) chunks.push(prompts.slice(i, i + this.opts.maxBatch));
    if (chunks.length === 1) return this.slots.run(() => this.complete(chunks[0]!, options?.signal));
    // One failed chunk fails the call: stop its siblings instead of loading the server for nothing.
    const siblings = new AbortController();
    const signal = options?.signal ? AbortSignal.any([options.signal, siblings.signal]) : siblings.signal;
    try {
      const results = await Promise.all(
        chunks.map((chunk) =>
          this.slots.run(() => this.complete(chunk, signal)).catch((err: unknown) => {
            siblings.abort(err);
            throw err;
          }),
        ),
      );
      return results.flat();
    } finally {
      siblings.abort(); // nothing left running; lets listeners go
    }
  }

  private render(item: JudgeItem, i: number): string {
    if (!item || typeof item.prompt !== "string" || typeof item.reference !== "string" || typeof item.candidate !== "string") {
      throw new BackendError("invalid_input", `item ${i}: prompt, reference and candidate must be strings`);
    }
    try {
      return renderJudgePrompt(item, { maxBytes: this.opts.maxBytes });
    } catch (err) {
      throw new BackendError("invalid_input", `item ${i}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** One list-of-prompts request, retried per the failure policy. */
  private async complete(prompts: string[], signal?: AbortSignal): Promise<VerdictProbs[]> {
    let last: AttemptFailure | undefined;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) {
        const backoff = Math.min(5000, this.opts.retryBaseMs * 2 ** (attempt - 1));
        await sleep(backoff * (0.5 + Math.random() / 2), signal);
      }
      const outcome = await this.attempt(prompts, signal);
      if (!(outcome instanceof AttemptFailure)) return outcome;
      last = outcome;
      if (!outcome.retryable) break;
    }
    throw last!.error;
  }

  private async attempt(prompts: string[], signal?: AbortSignal): Promise<VerdictProbs[] | AttemptFailure> {
    this.requestCount++;
    const url = joinUrl(this.baseUrl, "/v1/completions");
    const body = { model: this.model, prompt: prompts, max_tokens: 1, temperature: 0, logprobs: this.opts.topLogprobs };
    let res;
    try {
      res = await httpRequest("POST", url, body, { apiKey: this.opts.apiKey, timeoutMs: this.opts.timeoutMs, signal, fetch: this.opts.fetch });
    } catch (err) {
      if (signal?.aborted) throw err; // the caller's abort (or a failed sibling chunk's)
      if (err instanceof BackendError) return new AttemptFailure(err, err.code === "unreachable");
      throw err;
    }
    const { status, text } = res;
    if (status >= 200 && status < 300) {
      try {
        return parseCompletionsResponse(text, prompts.length);
      } catch (err) {
        if (err instanceof BackendError) return new AttemptFailure(err, false);
        throw err;
      }
    }
    const msg = `${url} answered ${status}: ${errorMessage(text)}`;
    if (status === 429) return new AttemptFailure(new BackendError("overloaded", msg), true);
    if (status === 502 || status === 503 || status === 504) return new AttemptFailure(new BackendError("unreachable", msg), true);
    if (status >= 500) return new AttemptFailure(new BackendError("bad_response", msg), true);
    if (status === 400 || status === 413 || status === 422) return new AttemptFailure(new BackendError("invalid_input", msg), false);
    return new AttemptFailure(new BackendError("bad_response", msg), false);
  }
}
