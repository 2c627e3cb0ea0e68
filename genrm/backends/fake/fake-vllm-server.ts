/**
 * A FAKE of vLLM's OpenAI-compatible HTTP server — not vLLM, and no model inside. It lets the openai
 * backend (and API, integration and e2e tests) run against a real socket without a GPU. Routes and
 * shapes follow vLLM's own source (vllm-project/vllm; files and commits named in fake-vllm-protocol.ts
 * and fake-vllm-chat.ts, plus vllm/entrypoints/openai/completion/protocol.py
 * @d5dba2d7b0ab9b98096560c69db7126b54b14d79 for CompletionResponse / CompletionLogProbs):
 *   POST /v1/completions       {id "cmpl-…", object "text_completion", created, model, choices:[{index,
 *                              text, logprobs:{text_offset, token_logprobs, tokens, top_logprobs:[{token:
 *                              logprob}]}, finish_reason, stop_reason, prompt_logprobs}], usage}; `n` samples
 *   POST /v1/chat/completions  fake-vllm-chat.ts (logprobs mode and reasoning mode judges)
 *   GET  /v1/models            {object "list", data:[{id, object "model", created, owned_by "vllm", root,
 *                              parent, max_model_len, permission}]}
 *   POST /v1/load_lora_adapter / unload_lora_adapter  (only with runtime LoRA updating enabled), with
 *                              vLLM's replies: 200 text "Success: LoRA adapter 'x' added successfully.",
 *                              400 InvalidUserInput (missing fields, already loaded), 404 NotFoundError
 *   GET  /health               200, empty body
 * Errors are vLLM's ErrorResponse {"error": {message, type, param, code}}; a wrong API key is vLLM's
 * 401 {"error": "Unauthorized"}. `maxLogprobs` plays --max-logprobs (5 = a hosted API's limit).
 * Scores come from the judge template's fields (scoring.ts): deterministic, batch-independent.
 * Failure modes on demand via `behavior`: delay, hang, HTTP errors, garbage bodies, verdict-free top
 * logprobs (text-only), no logprobs, replies naming no verdict (also per item: NO_VERDICT_MARKER),
 * shuffled choices. Binds 127.0.0.1 only. A CLI runs it as its own process: serve-fake-vllm.ts.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { JudgeItem } from "../../types";
import { chatCompletion } from "./fake-vllm-chat";
import { COMPLETION_SPELLINGS, errorBody, parseJudgeText, topTokens, wantsNoVerdict } from "./fake-vllm-protocol";
import type { FakeScoringOptions } from "./scoring";

export type FakeVllmMode =
  /** vLLM-shaped answers */
  | "normal"
  /** 200 with a body that is not JSON */
  | "garbage"
  /** top_logprobs hold no verdict token; the generated text still names the verdict */
  | "text-only"
  /** `logprobs: null`, the verdict only in the text */
  | "no-logprobs"
  /** text names no verdict and top_logprobs hold none (chat: no verdict word, no "Verdict:" line) */
  | "no-verdict"
  /** choices listed in reverse order (each keeps its `index`) */
  | "reversed-choices"
  /** never answer (until close) */
  | "hang";

export interface FakeVllmBehavior {
  mode: FakeVllmMode;
  /** Delay before answering a generation request, ms. */
  delayMs: number;
  /** Answer the next N generation requests (completions or chat) with `failStatus`. */
  failNext: number;
  failStatus: number;
}

export interface FakeVllmOptions extends FakeScoringOptions {
  /** The base model name served. Default "fake-genrm". */
  model?: string;
  /** Require `Authorization: Bearer <apiKey>` (vLLM --api-key). */
  apiKey?: string;
  /** Context length in "tokens" (this fake counts one token per UTF-8 byte). Default 32 768. */
  maxModelLen?: number;
  /** vLLM --max-logprobs. Default 20. */
  maxLogprobs?: number;
  /** VLLM_ALLOW_RUNTIME_LORA_UPDATING=True with --enable-lora. Default true. */
  allowRuntimeLoraUpdating?: boolean;
  /** Port to listen on (127.0.0.1). Default 0: a free one. */
  port?: number;
  behavior?: Partial<FakeVllmBehavior>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface FakeVllmServer {
  /** "http://127.0.0.1:<port>" (no /v1) */
  readonly baseUrl: string;
  readonly port: number;
  readonly model: string;
  /** Mutable: change it between requests. */
  behavior: FakeVllmBehavior;
  /** The last 1000 requests, oldest first. */
  readonly requests: RecordedRequest[];
  /** Generation requests received (POST /v1/completions and /v1/chat/completions). */
  completionRequests: number;
  /** POST /v1/chat/completions requests received. */
  readonly chatRequests: number;
  /** lora_name → lora_path */
  readonly loras: Map<string, string>;
  close(): Promise<void>;
}

/** Recovers the judge item from a prompt rendered by renderJudgePrompt; null for any other text. */
export function parseRenderedPrompt(prompt: string): JudgeItem | null {
  return parseJudgeText(prompt)?.item ?? null;
}

function topLogprobsFor(prompt: string, scoring: FakeScoringOptions, withVerdicts: boolean, k: number): Record<string, number> {
  const item = parseRenderedPrompt(prompt) ?? { prompt, reference: "", candidate: prompt };
  return Object.fromEntries(topTokens(item, scoring, withVerdicts && !wantsNoVerdict(item), k, COMPLETION_SPELLINGS));
}

export async function startFakeVllmServer(options: FakeVllmOptions = {}): Promise<FakeVllmServer> {
  const model = options.model ?? "fake-genrm";
  const maxModelLen = options.maxModelLen ?? 32_768;
  const maxLogprobs = options.maxLogprobs ?? 20;
  const allowLora = options.allowRuntimeLoraUpdating ?? true;
  const scoring: FakeScoringOptions = { positionBias: options.positionBias, lengthBias: options.lengthBias };
  const baseSalt = options.salt ?? "";
  const loras = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const created = Math.floor(Date.now() / 1000);

  const state: { behavior: FakeVllmBehavior; completionRequests: number; chatRequests: number } = {
    behavior: { mode: "normal", delayMs: 0, failNext: 0, failStatus: 500, ...options.behavior },
    completionRequests: 0,
    chatRequests: 0,
  };
  const saltFor = (name: string) => (name === model ? baseSalt : `${baseSalt}lora:${name}`);
  const unknownModel = (name: unknown): [number, string] => [404, errorBody(404, `The model \`${String(name)}\` does not exist.`, { param: "model" })];

  const send = (res: http.ServerResponse, status: number, body: string, type = "application/json") => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  function completions(body: Record<string, unknown>): [number, string] {
    const name = body.model;
    if (typeof name !== "string" || (name !== model && !loras.has(name))) return unknownModel(name);
    const prompts = typeof body.prompt === "string" ? [body.prompt] : body.prompt;
    if (!Array.isArray(prompts) || prompts.length === 0 || !prompts.every((p) => typeof p === "string")) {
      return [400, errorBody(400, "prompt must be a string or a non-empty list of strings")];
    }
    const maxTokens = body.max_tokens === undefined || body.max_tokens === null ? 16 : Number(body.max_tokens);
    const n = body.n === undefined ? 1 : Number(body.n);
    const lp = body.logprobs === undefined || body.logprobs === null ? null : Number(body.logprobs);
    if (!Number.isInteger(maxTokens) || maxTokens < 1) return [400, errorBody(400, "max_tokens must be at least 1")];
    if (!Number.isInteger(n) || n < 1) return [400, errorBody(400, "n must be at least 1")];
    if (lp !== null && (!Number.isInteger(lp) || lp < 0)) return [400, errorBody(400, "logprobs must be a non-negative integer")];
    if (lp !== null && lp > maxLogprobs) {
      return [400, errorBody(400, `Requested sample logprobs of ${lp}, which is greater than max allowed: ${maxLogprobs}`)];
    }
    const salt = saltFor(name);
    const mode = state.behavior.mode;
    const choices: unknown[] = [];
    let promptTokens = 0;
    for (const [i, prompt] of (prompts as string[]).entries()) {
      const tokens = Buffer.byteLength(prompt);
      promptTokens += tokens;
      if (tokens + maxTokens > maxModelLen) {
        return [
          400,
          errorBody(
            400,
            `This model's maximum context length is ${maxModelLen} tokens. However, you requested ${tokens + maxTokens} tokens ` +
              `(${tokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
          ),
        ];
      }
      const item = parseRenderedPrompt(prompt);
      const noVerdict = mode === "no-verdict" || (item !== null && wantsNoVerdict(item));
      const full = topLogprobsFor(prompt, { ...scoring, salt }, true, 1);
      let [text, tokenLp] = Object.entries(full)[0]!;
      if (noVerdict) text = " Hmm";
      const verdictFree = mode === "text-only" || noVerdict;
      const top = topLogprobsFor(prompt, { ...scoring, salt }, !verdictFree, lp ?? 0);
      // vLLM always includes the sampled token; the verdict-free modes deliberately break that.
      if (lp !== null && !verdictFree && !(text in top)) top[text] = tokenLp;
      for (let j = 0; j < n; j++) {
        choices.push({
          index: i * n + j,
          text,
          logprobs: lp === null || mode === "no-logprobs" ? null : { text_offset: [0], token_logprobs: [tokenLp], tokens: [text], top_logprobs: [top] },
          // One token generated: "length" when that was the limit, else the fake stops (EOS) after the verdict.
          finish_reason: maxTokens === 1 ? "length" : "stop",
          stop_reason: null,
          prompt_logprobs: null,
        });
      }
    }
    if (mode === "reversed-choices") choices.reverse();
    const completionTokens = choices.length;
    return [
      200,
      JSON.stringify({
        id: `cmpl-${randomBytes(16).toString("hex")}`,
        object: "text_completion",
        created: Math.floor(Date.now() / 1000),
        model: name,
        choices,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null },
      }),
    ];
  }

  function handle(method: string, path: string, body: Record<string, unknown> | null, res: http.ServerResponse): void {
    if (method === "GET" && path === "/health") return send(res, 200, "", "text/plain");
    if (method === "GET" && path === "/v1/models") {
      const card = (id: string, root: string, parent: string | null) => ({
        id,
        object: "model",
        created,
        owned_by: "vllm",
        root,
        parent,
        max_model_len: maxModelLen,
        permission: [],
      });
      const data = [card(model, model, null), ...[...loras].map(([name, p]) => card(name, p, model))];
      return send(res, 200, JSON.stringify({ object: "list", data }));
    }
    if (method === "POST" && (path === "/v1/completions" || path === "/v1/chat/completions")) {
      state.completionRequests++;
      const chat = path === "/v1/chat/completions";
      if (chat) state.chatRequests++;
      const b = state.behavior;
      if (!body) return send(res, 400, errorBody(400, "request body must be a JSON object"));
      if (b.mode === "hang") return; // answered never; close() destroys the socket
      const answer = () => {
        if (b.failNext > 0) {
          b.failNext--;
          return send(res, b.failStatus, errorBody(b.failStatus, `fake failure ${b.failStatus}`));
        }
        if (b.mode === "garbage") return send(res, 200, "<html>502 proxy says hi", "text/html");
        if (!chat) {
          const [status, out] = completions(body);
          return send(res, status, out);
        }
        const name = body.model;
        if (typeof name !== "string" || (name !== model && !loras.has(name))) {
          const [status, out] = unknownModel(name);
          return send(res, status, out);
        }
        const [status, out] = chatCompletion(body, {
          model: name,
          scoring: { ...scoring, salt: saltFor(name) },
          maxModelLen,
          maxLogprobs,
          noVerdict: b.mode === "no-verdict",
          textOnly: b.mode === "text-only",
          noLogprobs: b.mode === "no-logprobs",
        });
        send(res, status, out);
      };
      if (b.delayMs > 0) later(b.delayMs, answer);
      else answer();
      return;
    }
    if (allowLora && method === "POST" && path === "/v1/load_lora_adapter") {
      const name = body?.lora_name;
      const p = body?.lora_path;
      if (typeof name !== "string" || typeof p !== "string" || !name || !p) {
        return send(res, 400, errorBody(400, "Both 'lora_name' and 'lora_path' must be provided.", { type: "InvalidUserInput" }));
      }
      if (loras.has(name) && body?.load_inplace !== true) {
        return send(
          res,
          400,
          errorBody(400, `The lora adapter '${name}' has already been loaded. If you want to load the adapter in place, set 'load_inplace' to True.`, { type: "InvalidUserInput" }),
        );
      }
      loras.set(name, p);
      return send(res, 200, `Success: LoRA adapter '${name}' added successfully.`, "text/plain");
    }
    if (allowLora && method === "POST" && path === "/v1/unload_lora_adapter") {
      const name = body?.lora_name;
      if (typeof name !== "string" || !name) {
        return send(res, 400, errorBody(400, "'lora_name' needs to be provided to unload a LoRA adapter.", { type: "InvalidUserInput" }));
      }
      if (!loras.has(name)) return send(res, 404, errorBody(404, `The lora adapter '${name}' cannot be found.`, { type: "NotFoundError" }));
      loras.delete(name);
      return send(res, 200, `Success: LoRA adapter '${name}' removed successfully.`, "text/plain");
    }
    send(res, 404, JSON.stringify({ detail: "Not Found" }));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const method = req.method ?? "GET";
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return send(res, 401, JSON.stringify({ error: "Unauthorized" }));
      }
      let body: Record<string, unknown> | null = null;
      const raw = Buffer.concat(chunks).toString("utf8");
      if (raw) {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
        } catch {
          return send(res, 400, errorBody(400, "invalid JSON body"));
        }
      }
      requests.push({ method, path, body });
      if (requests.length > 1000) requests.shift();
      handle(method, path, body, res);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    model,
    get behavior() {
      return state.behavior;
    },
    set behavior(b: FakeVllmBehavior) {
      state.behavior = b;
    },
    requests,
    get completionRequests() {
      return state.completionRequests;
    },
    set completionRequests(n: number) {
      state.completionRequests = n;
    },
    get chatRequests() {
      return state.chatRequests;
    },
    loras,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
