/**
 * The fake vLLM server's `POST /v1/chat/completions`, in vLLM's non-streaming ChatCompletionResponse
 * shape. Followed upstream (vllm-project/vllm):
 *   vllm/entrypoints/openai/chat_completion/protocol.py @002032ee2b18e1f7bd924ec47b62504ba3866063
 *     ChatCompletionRequest (messages, model, logprobs: bool, top_logprobs, max_tokens /
 *     max_completion_tokens, n, temperature), ChatCompletionResponse {id "chatcmpl-…", object
 *     "chat.completion", created, model, choices, usage}, ChatCompletionResponseChoice {index, message
 *     {role, content, reasoning, tool_calls}, logprobs, finish_reason, stop_reason},
 *     ChatCompletionLogProbs {content: [ChatCompletionLogProbsContent {token, logprob, bytes,
 *     top_logprobs: [ChatCompletionLogProb {token, logprob, bytes}]}]}
 *   vllm/entrypoints/openai/chat_completion/serving.py (same tree): top_logprobs beyond
 *     --max-logprobs refused with 400.
 * Replies:
 *   a judge message ending with the verdict tag (logprobs mode)  → the verdict word, top logprobs of
 *     the first token (verdict spellings among distractors, truncated to top_logprobs);
 *   a judge message asking for reasoning                          → `n` replies, each a few sentences
 *     and a final "Verdict: …" line whose verdict is drawn deterministically (protocol.sampledVerdict);
 *   items carrying NO_VERDICT_MARKER, or mode "no-verdict"        → replies that name no verdict;
 *   any other message (e.g. a health probe)                        → answered like a judge message.
 */
import { randomBytes } from "node:crypto";
import type { JudgeItem } from "../../types";
import { CHAT_SPELLINGS, errorBody, parseJudgeText, sampledVerdict, topTokens, wantsNoVerdict } from "./fake-vllm-protocol";
import type { FakeScoringOptions } from "./scoring";

export interface ChatContext {
  /** The name the request used (base model or a LoRA adapter). */
  model: string;
  scoring: FakeScoringOptions;
  maxModelLen: number;
  maxLogprobs: number;
  /** Every reply names no verdict. */
  noVerdict: boolean;
  /** Verdict-free top logprobs (the text still names the verdict). */
  textOnly: boolean;
  /** `logprobs: null` whatever was asked. */
  noLogprobs: boolean;
}

interface Message {
  role?: unknown;
  content?: unknown;
}

const tokenEntry = (token: string, logprob: number) => ({ token, logprob, bytes: [...Buffer.from(token, "utf8")] });

function reasoningText(item: JudgeItem, verdict: string | null, j: number): string {
  const lines = [
    `Sample ${j + 1}. I compare the candidate (${item.candidate.length} characters) with the reference (${item.reference.length} characters).`,
    "Both address the prompt; I weigh correctness first, then completeness and clarity.",
  ];
  lines.push(verdict ? `Verdict: ${verdict}` : "It is hard to say which one is preferable here.");
  return lines.join("\n");
}

export function chatCompletion(body: Record<string, unknown>, ctx: ChatContext): [number, string] {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m: Message) => m && typeof m.role === "string" && typeof m.content === "string")) {
    return [400, errorBody(400, "messages must be a non-empty list of {role, content} with string content", { param: "messages" })];
  }
  const wantLogprobs = body.logprobs === true;
  const k = body.top_logprobs === undefined || body.top_logprobs === null ? 0 : Number(body.top_logprobs);
  if (!Number.isInteger(k) || k < 0) return [400, errorBody(400, "top_logprobs must be a non-negative integer", { param: "top_logprobs" })];
  if (k > 0 && !wantLogprobs) return [400, errorBody(400, "when using `top_logprobs`, `logprobs` must be set to true.", { param: "top_logprobs" })];
  if (wantLogprobs && k > ctx.maxLogprobs) {
    return [400, errorBody(400, `Requested sample logprobs of ${k}, which is greater than max allowed: ${ctx.maxLogprobs}`, { param: "top_logprobs" })];
  }
  const rawMax = body.max_completion_tokens ?? body.max_tokens;
  const maxTokens = rawMax === undefined || rawMax === null ? 256 : Number(rawMax);
  const n = body.n === undefined || body.n === null ? 1 : Number(body.n);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) return [400, errorBody(400, "max_tokens must be at least 1", { param: "max_tokens" })];
  if (!Number.isInteger(n) || n < 1) return [400, errorBody(400, "n must be at least 1", { param: "n" })];

  const promptTokens = (messages as Array<{ content: string }>).reduce((a, m) => a + Buffer.byteLength(m.content), 0);
  if (promptTokens + maxTokens > ctx.maxModelLen) {
    return [
      400,
      errorBody(
        400,
        `This model's maximum context length is ${ctx.maxModelLen} tokens. However, you requested ${promptTokens + maxTokens} tokens ` +
          `(${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      ),
    ];
  }
  const last = [...(messages as Array<{ role: string; content: string }>)].reverse().find((m) => m.role === "user")?.content ?? "";
  const parsed = parseJudgeText(last);
  const item = parsed?.item ?? { prompt: last, reference: "", candidate: last };
  const noVerdict = ctx.noVerdict || wantsNoVerdict(item);

  const choices: unknown[] = [];
  let completionTokens = 0;
  for (let j = 0; j < n; j++) {
    let content: string;
    let logprobs: unknown = null;
    if (parsed?.style === "reasoning") {
      content = reasoningText(item, noVerdict ? null : sampledVerdict(item, j, ctx.scoring), j);
    } else {
      const full = topTokens(item, ctx.scoring, true, 1, CHAT_SPELLINGS)[0]!;
      content = noVerdict ? "Hmm" : full[0];
      if (wantLogprobs && !ctx.noLogprobs) {
        const verdictFree = noVerdict || ctx.textOnly;
        const top = topTokens(item, ctx.scoring, !verdictFree, k, CHAT_SPELLINGS);
        const sampledLp = verdictFree ? (top[0]?.[1] ?? -1) : full[1];
        const sampled = noVerdict ? top[0]?.[0] ?? "Hmm" : content;
        logprobs = { content: [{ ...tokenEntry(sampled, sampledLp), top_logprobs: top.map(([t, lp]) => tokenEntry(t, lp)) }] };
      }
    }
    // This fake counts a verdict word as one token and a reasoning reply as one token per word; a reply
    // longer than max_tokens is cut there (finish_reason "length"), losing its verdict line as vLLM would.
    const words = content.split(/(?<=\s)/);
    const cut = words.length > maxTokens;
    if (cut) content = words.slice(0, maxTokens).join("");
    completionTokens += Math.min(maxTokens, words.length);
    choices.push({
      index: j,
      message: { role: "assistant", content, refusal: null, annotations: null, audio: null, function_call: null, reasoning: null },
      logprobs,
      finish_reason: cut || (parsed?.style !== "reasoning" && maxTokens === 1) ? "length" : "stop",
      stop_reason: null,
      token_ids: null,
    });
  }
  return [
    200,
    JSON.stringify({
      id: `chatcmpl-${randomBytes(16).toString("hex")}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: ctx.model,
      choices,
      service_tier: null,
      system_fingerprint: null,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null },
      prompt_logprobs: null,
      prompt_token_ids: null,
      kv_transfer_params: null,
    }),
  ];
}
