/**
 * JudgeBackend over any OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, hosted APIs), served
 * by one or several replicas (a fleet, fleet.ts). Two APIs and two judging modes:
 *   completions + logprobs  each item rendered by the shared template; batches as a list of prompts to
 *                           `POST /v1/completions` (`max_tokens: 1, temperature: 0, logprobs: k`); the
 *                           verdict distribution from the first token's top_logprobs (parse.ts).
 *   chat + logprobs         one `POST /v1/chat/completions` per item (chat messages, multi-turn prompts
 *                           as turns: template.ts renderJudgeMessages) with `logprobs: true,
 *                           top_logprobs: k` (k = 5 by default: what hosted APIs allow) (parse-chat.ts).
 *   chat + reasoning        the judge reasons, then ends with "Verdict: …"; `n: samples` replies at
 *                           `temperature`; probabilities = smoothed vote shares, reasoning kept.
 * A reply that names no verdict is that item's ItemFailure ("unparseable_verdict"), never a guess.
 *
 * Failure policy: each attempt has its own deadline (`timeoutMs`). Connection failures, timeouts and
 * 5xx take the URL out of the fleet for a backoff and the request moves AT ONCE to another healthy URL
 * (so one replica going down costs the caller nothing); 429 moves on without taking the URL out. With
 * no other URL left, connection failures, 429 and 5xx are retried `retries` times with exponential
 * backoff (a timeout is not: a slow server gets no extra load), then → "unreachable" (no connection,
 * 502/503/504), "overloaded" (429), "timeout" or "bad_response" (other 5xx); 400/413/422 (e.g. vLLM's
 * "maximum context length") → "invalid_input"; unparseable bodies → "bad_response".
 * Not here: both-order debiasing, caching, micro-batching — they wrap any backend.
 */
import { Semaphore, sleep } from "../../concurrency";
import { renderJudgeMessages, renderJudgePrompt, TEMPLATE_VERSION, type ChatMessage } from "../../template";
import { BackendError, type JudgeBackend, type JudgeItem, type JudgeOptions, type JudgeOutput } from "../../types";
import { Fleet, type FleetOptions, type UrlHealth } from "./fleet";
import { errorMessage, httpRequest, joinUrl, type FetchLike } from "./http";
import { parseCompletionsResponse } from "./parse";
import { DEFAULT_VOTE_SMOOTHING, LOGPROB_POSITIONS, outputFromChatLogprobs, outputFromReasoning, parseChatBody } from "./parse-chat";

export type ServedApi = "completions" | "chat";
export type JudgeMode = "logprobs" | "reasoning";

export interface OpenAICompatibleOptions {
  /** Server root, e.g. "http://127.0.0.1:8000" (without /v1). Give this or `baseUrls`. */
  baseUrl?: string;
  /** Several replicas of the same model: requests go to the healthy one with the fewest in flight. */
  baseUrls?: string[];
  /** The served model name, or a LoRA adapter's `lora_name` on vLLM. */
  model: string;
  /** "completions" (default) or "chat". */
  api?: ServedApi;
  /** "logprobs" (default) or "reasoning" (needs api "chat"). */
  mode?: JudgeMode;
  /** Sent as `Authorization: Bearer …` (vLLM `--api-key`, hosted APIs). */
  apiKey?: string;
  /** Deadline per HTTP attempt, ms. Default 30 000 (120 000 in reasoning mode: the judge writes). */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure once no other URL is left. Default 2. */
  retries?: number;
  /** Most requests in flight from this instance (all URLs together). Default 8 per URL. */
  maxConcurrency?: number;
  /** Cap on each rendered prompt's UTF-8 bytes (the one truncation rule, genrm/truncate.ts); unset = send in full. */
  maxBytes?: number;
  /** Prompts per completions request; larger judge() batches are split. Default 32. */
  maxBatch?: number;
  /** Top logprobs asked for (logprobs mode). Default 20 for completions (vLLM's default --max-logprobs), 5 for chat. */
  topLogprobs?: number;
  /** k: sampled judgements per item (reasoning mode). Default 5. */
  samples?: number;
  /** Sampling temperature (reasoning mode). Default 0.8. */
  temperature?: number;
  /** Most tokens the judge may write (reasoning mode). Default 1024. */
  maxTokens?: number;
  /** α in the vote shares (count + α) / (k + 3α) (reasoning mode). Default 0.5. */
  voteSmoothing?: number;
  /** Identifies the weights for cache keys (e.g. the GenrmModel version id). Default: `model`. */
  modelId?: string;
  /** First backoff delay, ms; doubles per retry (with jitter), capped at 5 s. Default 200. */
  retryBaseMs?: number;
  /** How long a failed URL stays out of the fleet (fleet.ts). */
  fleet?: FleetOptions;
  /** Injected fetch (tests, proxies). Default: global fetch. */
  fetch?: FetchLike;
}

/** A reply larger than this is refused before parsing (a reasoning reply of k samples is far smaller). */
export const MAX_RESPONSE_CHARS = 32 * 1024 * 1024;

/** A failed attempt: may another URL help, may a retry on the same one? */
class AttemptFailure {
  constructor(
    readonly error: BackendError,
    /** "no": fail the call; "elsewhere": only on another URL; "yes": elsewhere, else after a backoff. */
    readonly retry: "no" | "elsewhere" | "yes",
    /** The URL itself is at fault: take it out of the fleet for a while. */
    readonly takeOut: boolean,
  ) {}
}

export class OpenAICompatibleBackend implements JudgeBackend {
  readonly kind = "openai";
  readonly modelId: string;
  readonly templateVersion = TEMPLATE_VERSION;
  /** The first base URL (the only one without a fleet). */
  readonly baseUrl: string;
  readonly model: string;
  readonly api: ServedApi;
  readonly mode: JudgeMode;
  readonly fleet: Fleet;
  /** HTTP requests sent (attempts, including retries and failovers). */
  requestCount = 0;

  private readonly opts: {
    timeoutMs: number;
    retries: number;
    maxBatch: number;
    topLogprobs: number;
    samples: number;
    temperature: number;
    maxTokens: number;
    voteSmoothing: number;
    retryBaseMs: number;
    apiKey?: string;
    maxBytes?: number;
    fetch?: FetchLike;
  };
  private readonly slots: Semaphore;

  constructor(options: OpenAICompatibleOptions) {
    const urls = options.baseUrls && options.baseUrls.length > 0 ? options.baseUrls : options.baseUrl ? [options.baseUrl] : [];
    if (urls.length === 0) throw new RangeError("baseUrl or baseUrls is required");
    if (!options.model) throw new RangeError("model is required");
    this.api = options.api ?? "completions";
    this.mode = options.mode ?? "logprobs";
    if (this.mode === "reasoning" && this.api !== "chat") throw new RangeError('mode "reasoning" needs api "chat"');
    this.fleet = new Fleet(urls, options.fleet);
    this.baseUrl = this.fleet.urls[0]!;
    this.model = options.model;
    this.modelId = options.modelId ?? options.model;
    this.opts = {
      timeoutMs: options.timeoutMs ?? (this.mode === "reasoning" ? 120_000 : 30_000),
      retries: options.retries ?? 2,
      maxBatch: options.maxBatch ?? 32,
      topLogprobs: options.topLogprobs ?? (this.api === "chat" ? 5 : 20),
      samples: options.samples ?? 5,
      temperature: options.temperature ?? 0.8,
      maxTokens: options.maxTokens ?? 1024,
      voteSmoothing: options.voteSmoothing ?? DEFAULT_VOTE_SMOOTHING,
      retryBaseMs: options.retryBaseMs ?? 200,
      apiKey: options.apiKey,
      maxBytes: options.maxBytes,
      fetch: options.fetch,
    };
    this.slots = new Semaphore(options.maxConcurrency ?? 8 * this.fleet.size);
  }

  /** Per-URL health of this judge's fleet. */
  health(): UrlHealth[] {
    return this.fleet.health();
  }

  /**
   * Asks every URL `GET /v1/models` (reachable, and serving this model) and records the outcome in the
   * fleet, so a replica that is down shows (and is avoided) before a judge request has to find out.
   */
  async checkHealth(timeoutMs = 3000): Promise<UrlHealth[]> {
    await Promise.all(
      this.fleet.urls.map(async (url) => {
        try {
          const res = await httpRequest("GET", joinUrl(url, "/v1/models"), undefined, { apiKey: this.opts.apiKey, timeoutMs, fetch: this.opts.fetch });
          if (res.status >= 500) this.fleet.record(url, { ok: false, failure: `GET /v1/models answered ${res.status}: ${errorMessage(res.text)}`, takeOut: true });
          else if (res.status !== 200) this.fleet.record(url, { ok: false, failure: `GET /v1/models answered ${res.status}: ${errorMessage(res.text)}`, takeOut: false });
          else if (!res.text.includes(JSON.stringify(this.model))) this.fleet.record(url, { ok: false, failure: `the server does not list the model ${JSON.stringify(this.model)}`, takeOut: true });
          else this.fleet.record(url, { ok: true });
        } catch (err) {
          this.fleet.record(url, { ok: false, failure: (err as Error).message, takeOut: true });
        }
      }),
    );
    return this.fleet.health();
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    if (items.length === 0) return [];
    items.forEach((item, i) => checkItem(item, i));
    const tasks: Array<(signal: AbortSignal | undefined) => Promise<JudgeOutput[]>> = [];
    if (this.api === "completions") {
      const prompts = items.map((item, i) => this.rendered(i, () => renderJudgePrompt(item, { maxBytes: this.opts.maxBytes })));
      for (let i = 0; i < prompts.length; i += this.opts.maxBatch) {
        const chunk = prompts.slice(i, i + this.opts.maxBatch);
        tasks.push((signal) => this.complete(chunk, signal));
      }
    } else {
      const style = this.mode === "reasoning" ? "reasoning" : "verdict-word";
      const conversations = items.map((item, i) => this.rendered(i, () => renderJudgeMessages(item, style, { maxBytes: this.opts.maxBytes })));
      for (const messages of conversations) tasks.push(async (signal) => [await this.chat(messages, signal)]);
    }
    if (tasks.length === 1) return this.slots.run(() => tasks[0]!(options?.signal));
    // One failed request fails the call: stop its siblings instead of loading the servers for nothing.
    const siblings = new AbortController();
    const signal = options?.signal ? AbortSignal.any([options.signal, siblings.signal]) : siblings.signal;
    try {
      const results = await Promise.all(
        tasks.map((task) =>
          this.slots.run(() => task(signal)).catch((err: unknown) => {
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

  private rendered<T>(i: number, render: () => T): T {
    try {
      return render();
    } catch (err) {
      throw new BackendError("invalid_input", `item ${i}: ${(err as Error).message}`, { cause: err });
    }
  }

  private complete(prompts: string[], signal?: AbortSignal): Promise<JudgeOutput[]> {
    const body = { model: this.model, prompt: prompts, max_tokens: 1, temperature: 0, logprobs: this.opts.topLogprobs };
    return this.send("/v1/completions", body, signal, (text) => parseCompletionsResponse(text, prompts.length));
  }

  private chat(messages: ChatMessage[], signal?: AbortSignal): Promise<JudgeOutput> {
    if (this.mode === "reasoning") {
      const n = this.opts.samples;
      const body = { model: this.model, messages, n, temperature: this.opts.temperature, max_tokens: this.opts.maxTokens };
      return this.send("/v1/chat/completions", body, signal, (text) => outputFromReasoning(parseChatBody(text, n), this.opts.voteSmoothing));
    }
    const body = { model: this.model, messages, max_tokens: LOGPROB_POSITIONS, temperature: 0, logprobs: true, top_logprobs: this.opts.topLogprobs };
    return this.send("/v1/chat/completions", body, signal, (text) => outputFromChatLogprobs(parseChatBody(text, 1)[0]!));
  }

  /** One request, moved to another URL or retried per the failure policy. */
  private async send<T>(path: string, body: unknown, signal: AbortSignal | undefined, parse: (text: string) => T): Promise<T> {
    const avoid = new Set<string>();
    let retries = 0;
    for (;;) {
      const url = this.fleet.acquire(avoid);
      const outcome = await this.attempt(url, path, body, signal, parse);
      if (!(outcome instanceof AttemptFailure)) return outcome;
      avoid.add(url);
      if (outcome.retry === "no") throw outcome.error;
      if (this.fleet.hasAlternative(avoid)) continue; // failover at once: another replica is up
      if (outcome.retry === "elsewhere" || retries >= this.opts.retries) throw outcome.error;
      retries++;
      const backoff = Math.min(5000, this.opts.retryBaseMs * 2 ** (retries - 1));
      await sleep(backoff * (0.5 + Math.random() / 2), signal);
      avoid.clear();
    }
  }

  private async attempt<T>(url: string, path: string, body: unknown, signal: AbortSignal | undefined, parse: (text: string) => T): Promise<T | AttemptFailure> {
    this.requestCount++;
    const full = joinUrl(url, path);
    let res;
    try {
      res = await httpRequest("POST", full, body, { apiKey: this.opts.apiKey, timeoutMs: this.opts.timeoutMs, signal, fetch: this.opts.fetch });
    } catch (err) {
      if (signal?.aborted) {
        this.fleet.release(url);
        throw err; // the caller's abort (or a failed sibling's)
      }
      if (err instanceof BackendError) {
        this.fleet.release(url, { ok: false, failure: err.message, takeOut: true });
        return new AttemptFailure(err, err.code === "unreachable" ? "yes" : "elsewhere", true);
      }
      this.fleet.release(url);
      throw err;
    }
    const failure = this.classify(full, res.status, res.text);
    if (failure) {
      this.fleet.release(url, failure.takeOut ? { ok: false, failure: failure.error.message, takeOut: true } : { ok: true });
      return failure;
    }
    try {
      if (res.text.length > MAX_RESPONSE_CHARS) throw new BackendError("bad_response", `${full} answered ${res.text.length} characters; the limit is ${MAX_RESPONSE_CHARS}`);
      const parsed = parse(res.text);
      this.fleet.release(url, { ok: true });
      return parsed;
    } catch (err) {
      if (!(err instanceof BackendError)) {
        this.fleet.release(url);
        throw err;
      }
      this.fleet.release(url, { ok: false, failure: err.message, takeOut: false });
      return new AttemptFailure(err, "no", false);
    }
  }

  /** A non-2xx status → what it means for this call and for the URL; null for 2xx. */
  private classify(url: string, status: number, text: string): AttemptFailure | null {
    if (status >= 200 && status < 300) return null;
    const msg = `${url} answered ${status}: ${errorMessage(text)}`;
    if (status === 429) return new AttemptFailure(new BackendError("overloaded", msg), "yes", false);
    if (status === 502 || status === 503 || status === 504) return new AttemptFailure(new BackendError("unreachable", msg), "yes", true);
    if (status >= 500) return new AttemptFailure(new BackendError("bad_response", msg), "yes", true);
    if (status === 400 || status === 413 || status === 422) return new AttemptFailure(new BackendError("invalid_input", msg), "no", false);
    return new AttemptFailure(new BackendError("bad_response", msg), "no", false);
  }
}

function checkItem(item: JudgeItem, i: number): void {
  if (!item || typeof item.prompt !== "string" || typeof item.reference !== "string" || typeof item.candidate !== "string") {
    throw new BackendError("invalid_input", `item ${i}: prompt, reference and candidate must be strings`);
  }
  if (item.turns !== undefined) {
    const ok = Array.isArray(item.turns) && item.turns.every((t) => t && typeof t.content === "string" && (t.role === "user" || t.role === "assistant" || t.role === "system"));
    if (!ok) throw new BackendError("invalid_input", `item ${i}: turns must be a list of {role: user|assistant|system, content: string}`);
  }
}
