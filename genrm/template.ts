/**
 * The versioned judging template. Training rows (export) and serving prompts (every backend) are both
 * rendered by `renderJudgePrompt`, so a model is always asked exactly what it was trained on.
 * Changing the text means bumping TEMPLATE_VERSION: cached judgements and model versions record it.
 */
import type { JudgeItem, Verdict } from "./types";

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
const ELLIPSIS = " …";

export interface RenderOptions {
  /**
   * Upper bound on the rendered prompt's UTF-8 byte length (small byte-level models have a fixed
   * context). Fields are shortened fairly: each keeps its head, the longest is cut first.
   */
  maxBytes?: number;
}

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s;
  const budget = Math.max(0, maxBytes - byteLength(ELLIPSIS));
  let used = 0;
  let out = "";
  for (const ch of s) {
    const b = byteLength(ch);
    if (used + b > budget) break;
    used += b;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** Splits a byte budget over fields so short fields keep everything and long ones share the rest. */
function fairShares(lengths: number[], budget: number): number[] {
  const shares = lengths.map(() => 0);
  let remaining = budget;
  let open = lengths.map((_, i) => i);
  while (open.length > 0) {
    const each = Math.floor(remaining / open.length);
    const fits = open.filter((i) => lengths[i]! <= each);
    if (fits.length === 0) {
      for (const i of open) shares[i] = each;
      break;
    }
    for (const i of fits) {
      shares[i] = lengths[i]!;
      remaining -= lengths[i]!;
    }
    open = open.filter((i) => !fits.includes(i));
  }
  return shares;
}

export function renderJudgePrompt(item: JudgeItem, options: RenderOptions = {}): string {
  const fixed = HEADER + PROMPT_TAG + REFERENCE_TAG + CANDIDATE_TAG + VERDICT_TAG;
  let { prompt, reference, candidate } = item;
  if (options.maxBytes !== undefined) {
    const budget = options.maxBytes - byteLength(fixed);
    if (budget < 30) throw new RangeError(`maxBytes ${options.maxBytes} leaves no room for the fields`);
    const lengths = [prompt, reference, candidate].map(byteLength);
    const [p, r, c] = fairShares(lengths, budget);
    prompt = truncateUtf8(prompt, p!);
    reference = truncateUtf8(reference, r!);
    candidate = truncateUtf8(candidate, c!);
  }
  return HEADER + PROMPT_TAG + prompt + REFERENCE_TAG + reference + CANDIDATE_TAG + candidate + VERDICT_TAG;
}
