/**
 * The versioned judging template. Training rows (export) and serving prompts (every backend) are both
 * rendered by `renderJudgePrompt`, so a model is always asked exactly what it was trained on.
 * Changing the text means bumping TEMPLATE_VERSION: cached judgements and model versions record it.
 */
import { fitJudgeFields, truncateUtf8 } from "./truncate";
import type { ChatTurn, JudgeItem, Verdict } from "./types";

export { truncateUtf8 };

export const TEMPLATE_VERSION = "v1";

/** The completion a model is trained to produce for each verdict (a leading space, as LLM tokenizers like). */
export const VERDICT_COMPLETION: Record<Verdict, string> = {
  better: " better",
  same: " same",
  worse: " worse",
};

const HEADER = "Judge the candidate answer against the reference answer for the prompt.\n";
const PROMPT_TAG = "### Prompt\n";
const REFERENCE_TAG = "\n### Reference\n";
const CANDIDATE_TAG = "\n### Candidate\n";
const VERDICT_TAG = "\n### Verdict (better/same/worse):";

export interface RenderOptions {
  /**
   * Upper bound on the rendered prompt's UTF-8 byte length (small byte-level models have a fixed
   * context). Fields are shortened by the one truncation rule (truncate.ts).
   */
  maxBytes?: number;
}

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;

/** The fixed text's bytes subtracted from `maxBytes`; throws the RangeError renderers document. */
function fieldBudget(maxBytes: number, fixedBytes: number): number {
  const budget = maxBytes - fixedBytes;
  if (budget < 30) throw new RangeError(`maxBytes ${maxBytes} leaves no room for the fields`);
  return budget;
}

/** The judging prompt as one text (completions servers, byte-level models, training rows). Ignores `turns`: the text is `prompt`. */
export function renderJudgePrompt(item: JudgeItem, options: RenderOptions = {}): string {
  const fixed = HEADER + PROMPT_TAG + REFERENCE_TAG + CANDIDATE_TAG + VERDICT_TAG;
  let { prompt, reference, candidate } = item;
  if (options.maxBytes !== undefined) {
    ({ prompt, reference, candidate } = fitJudgeFields({ prompt, reference, candidate }, fieldBudget(options.maxBytes, byteLength(fixed))));
  }
  return HEADER + PROMPT_TAG + prompt + REFERENCE_TAG + reference + CANDIDATE_TAG + candidate + VERDICT_TAG;
}

/** How a chat judge is asked to answer: one verdict word (read from logprobs), or reasoning then a verdict line. */
export type ChatJudgeStyle = "verdict-word" | "reasoning";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

const CHAT_INSTRUCTIONS: Record<ChatJudgeStyle, string> = {
  "verdict-word": HEADER + "Answer with exactly one word: better, same or worse.",
  reasoning:
    HEADER +
    "Think it through step by step, then end your reply with one final line of the form\n" +
    "Verdict: better\nor Verdict: same, or Verdict: worse (is the candidate better than, the same as, or worse than the reference?).",
};
const CHAT_TAIL: Record<ChatJudgeStyle, string> = {
  "verdict-word": VERDICT_TAG,
  reasoning: "\n### Your judgement (end with the Verdict line)",
};
/** Framing a chat template adds around each turn, counted against `maxBytes` (an upper-bound estimate). */
export const CHAT_TURN_OVERHEAD_BYTES = 16;

/** A conversation usable as turns: non-empty, ending with the user's turn. */
function conversationOf(item: JudgeItem): ChatTurn[] | undefined {
  const t = item.turns;
  return Array.isArray(t) && t.length > 0 && t[t.length - 1]!.role === "user" ? t : undefined;
}

/**
 * The judging request as chat messages. A multi-turn prompt stays turns: the earlier turns are sent as
 * they are, and the last user turn opens the final user message, which then shows the reference and
 * the candidate (so roles still alternate). `maxBytes` bounds the content of all messages together,
 * with the same truncation rule as renderJudgePrompt (the conversation keeps its end).
 */
export function renderJudgeMessages(item: JudgeItem, style: ChatJudgeStyle, options: RenderOptions = {}): ChatMessage[] {
  const turns = conversationOf(item);
  let system = CHAT_INSTRUCTIONS[style];
  const tail = CHAT_TAIL[style];
  let history = turns ? turns.slice(0, -1) : [];
  // A conversation's own system prompt joins ours: chat templates accept one system message, first.
  const own = history.filter((t) => t.role === "system").map((t) => t.content);
  if (own.length > 0) {
    system += "\n\nThe conversation's system prompt:\n" + own.join("\n");
    history = history.filter((t) => t.role !== "system");
  }
  let fields = { prompt: turns ? turns[turns.length - 1]!.content : item.prompt, turns: undefined as ChatTurn[] | undefined, reference: item.reference, candidate: item.candidate };
  if (options.maxBytes !== undefined) {
    const fixed = system + PROMPT_TAG + REFERENCE_TAG + CANDIDATE_TAG + tail;
    const all: ChatTurn[] = [...history, { role: "user", content: fields.prompt }];
    const fitted = fitJudgeFields(
      { prompt: fields.prompt, turns: all, reference: item.reference, candidate: item.candidate },
      fieldBudget(options.maxBytes, byteLength(fixed) + CHAT_TURN_OVERHEAD_BYTES * 2),
      CHAT_TURN_OVERHEAD_BYTES,
    );
    const kept = fitted.turns!;
    history = kept.slice(0, -1);
    fields = { prompt: kept[kept.length - 1]!.content, turns: undefined, reference: fitted.reference, candidate: fitted.candidate };
  }
  return [
    { role: "system", content: system },
    ...history.map((t) => ({ role: t.role, content: t.content })),
    { role: "user", content: PROMPT_TAG + fields.prompt + REFERENCE_TAG + fields.reference + CANDIDATE_TAG + fields.candidate + tail },
  ];
}
