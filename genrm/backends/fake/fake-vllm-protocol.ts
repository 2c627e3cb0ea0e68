/**
 * What the fake vLLM server's two generation routes share: vLLM's error body, the judge item recovered
 * from our own rendered prompts, and the verdict token distribution a real tokenizer's top-k would show.
 * Followed upstream (vllm-project/vllm):
 *   vllm/entrypoints/openai/engine/protocol.py @040a2cc2a6295ea9c313d86526ff90a103eacb3e
 *     ErrorResponse {error: ErrorInfo {message, type, param, code: int}}, ModelCard, UsageInfo
 *   vllm/entrypoints/openai/models/serving.py @00153c8b7948077ebdfc5bfa14e403da41aaea6d
 *     "The model `x` does not exist." (NotFoundError, param "model"), LoRA load/unload replies
 * Not here: HTTP (fake-vllm-server.ts), the chat reply shapes (fake-vllm-chat.ts).
 */
import { createHash } from "node:crypto";
import type { JudgeItem, Verdict, VerdictProbs } from "../../types";
import { fakeVerdictProbs, type FakeScoringOptions } from "./scoring";

/** vLLM's ErrorResponse body. `type` as vLLM names it (BadRequestError, NotFoundError, InvalidUserInput, InternalServerError…). */
export function errorBody(status: number, message: string, options: { type?: string; param?: string | null } = {}): string {
  const type = options.type ?? (status === 404 ? "NotFoundError" : status === 400 ? "BadRequestError" : status === 429 ? "TooManyRequestsError" : "InternalServerError");
  return JSON.stringify({ error: { message, type, param: options.param ?? null, code: status } });
}

const PROMPT_TAG = "### Prompt\n";
const REFERENCE_TAG = "\n### Reference\n";
const CANDIDATE_TAG = "\n### Candidate\n";
const VERDICT_TAG = "\n### Verdict (better/same/worse):";
const REASONING_TAG = "\n### Your judgement (end with the Verdict line)";

/** A candidate or reference containing this always gets replies that name no verdict (per-item failure tests). */
export const NO_VERDICT_MARKER = "<<no-verdict>>";

export type PromptStyle = "verdict-word" | "reasoning";

/** Recovers the judge item from a text rendered by renderJudgePrompt or a chat message of renderJudgeMessages; null for other text. */
export function parseJudgeText(text: string): { item: JudgeItem; style: PromptStyle } | null {
  const p = text.indexOf(PROMPT_TAG);
  const r = text.indexOf(REFERENCE_TAG, p + PROMPT_TAG.length);
  const c = text.lastIndexOf(CANDIDATE_TAG);
  const v = text.lastIndexOf(VERDICT_TAG);
  const q = text.lastIndexOf(REASONING_TAG);
  const end = Math.max(v, q);
  if (p < 0 || r < 0 || c < r || end < c) return null;
  return {
    item: { prompt: text.slice(p + PROMPT_TAG.length, r), reference: text.slice(r + REFERENCE_TAG.length, c), candidate: text.slice(c + CANDIDATE_TAG.length, end) },
    style: q > v ? "reasoning" : "verdict-word",
  };
}

export function wantsNoVerdict(item: JudgeItem): boolean {
  return item.candidate.includes(NO_VERDICT_MARKER) || item.reference.includes(NO_VERDICT_MARKER);
}

/** How verdict mass spreads over spellings of the same word, as a real tokenizer's top-k would show. */
export type Spellings = Array<[(v: Verdict) => string, number]>;
export const COMPLETION_SPELLINGS: Spellings = [
  [(v) => ` ${v}`, 0.8],
  [(v) => v, 0.15],
  [(v) => ` ${v[0]!.toUpperCase()}${v.slice(1)}`, 0.05],
];
/** At the start of a chat reply there is no leading space. */
export const CHAT_SPELLINGS: Spellings = [
  [(v) => v, 0.8],
  [(v) => `${v[0]!.toUpperCase()}${v.slice(1)}`, 0.15],
  [(v) => ` ${v}`, 0.05],
];
const DISTRACTORS = [" The", "\n", " I", " It", " This", " A", " **", " Both", " Neither", ":", " equal"];
const VERDICT_MASS = 0.9;

/** The k most likely first tokens, best first, as (token, logprob). */
export function topTokens(item: JudgeItem, scoring: FakeScoringOptions, withVerdicts: boolean, k: number, spellings: Spellings): Array<[string, number]> {
  const p = fakeVerdictProbs(item, scoring);
  const entries: Array<[string, number]> = [];
  if (withVerdicts) {
    for (const v of ["better", "same", "worse"] as const) {
      for (const [spell, share] of spellings) entries.push([spell(v), p[v] * VERDICT_MASS * share]);
    }
  }
  // Distractors share the remaining mass geometrically (halving each time).
  let rest = 1 - VERDICT_MASS;
  for (const d of DISTRACTORS) entries.push([d, (rest /= 2)]);
  entries.sort((a, b) => b[1] - a[1]);
  return entries.slice(0, k).map(([t, q]) => [t, q > 0 ? Math.log(q) : -9999]);
}

const mirror = (v: Verdict): Verdict => (v === "better" ? "worse" : v === "worse" ? "better" : "same");

function uniform(...parts: string[]): number {
  const h = createHash("sha256");
  for (const part of parts) h.update(part).update("\u0000");
  return h.digest().readUInt32BE(0) / 2 ** 32;
}

function inverseCdf(p: VerdictProbs, u: number): Verdict {
  if (u < p.better) return "better";
  if (u < p.better + p.same) return "same";
  return "worse";
}

/**
 * The verdict of sampled judgement `j` for an item: drawn from the fake's distribution with a uniform
 * that depends on the unordered pair, so judging the swapped item draws the mirrored verdict (what the
 * debiasing maths expects of an unbiased judge). Deterministic: tests compute the expected votes.
 */
export function sampledVerdict(item: JudgeItem, j: number, scoring: FakeScoringOptions): Verdict {
  const forward = item.candidate <= item.reference;
  const canonical: JudgeItem = forward ? item : { prompt: item.prompt, reference: item.candidate, candidate: item.reference };
  const u = uniform(scoring.salt ?? "", canonical.reference, canonical.candidate, String(j));
  const v = inverseCdf(fakeVerdictProbs(canonical, scoring), u);
  return forward ? v : mirror(v);
}
