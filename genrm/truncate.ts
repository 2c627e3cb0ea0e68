/**
 * The ONE truncation rule for judge inputs, used by every renderer (completions text, chat messages) and
 * therefore by the training-row export and by serving alike: a model is never served a cut it was not
 * trained on.
 *
 *   - The byte budget is shared fairly by prompt, reference and candidate: a field shorter than its share
 *     keeps everything, the longest fields are cut to equal shares (fairShares).
 *   - Answers (reference, candidate) and a plain-text prompt keep their HEAD, marked " …" at the cut.
 *   - A conversation (turns) keeps its END: the oldest turns are dropped first (marked by a leading
 *     "… " on the first kept turn) because the last user turn is what the answers respond to; when the
 *     last turn alone is too long it keeps its head like any text.
 * Budgets are UTF-8 bytes, never splitting a character. Linear in the input size.
 * Not here: the template's fixed text (template.ts) or token counting (a byte budget bounds tokens from
 * above for byte-level and BPE tokenizers alike: every token covers at least one byte).
 */
import type { ChatTurn } from "./types";

export const ELLIPSIS = " …";
const LEADING_ELLIPSIS = "… ";

const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).length;

/** Cuts `s` to at most `maxBytes` UTF-8 bytes keeping its head, without splitting a character, marking the cut. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s;
  // Too small even for the marker: the head alone (still never over the budget).
  const marker = maxBytes >= byteLength(ELLIPSIS);
  const budget = marker ? maxBytes - byteLength(ELLIPSIS) : Math.max(0, maxBytes);
  let used = 0;
  let out = "";
  for (const ch of s) {
    const b = byteLength(ch);
    if (used + b > budget) break;
    used += b;
    out += ch;
  }
  return marker ? out + ELLIPSIS : out;
}

/** Splits a byte budget over fields so short fields keep everything and long ones share the rest. */
export function fairShares(lengths: number[], budget: number): number[] {
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

/** Bytes a conversation occupies when each turn costs its content plus `perTurnBytes` of framing. */
export function turnsBytes(turns: readonly ChatTurn[], perTurnBytes: number): number {
  let n = 0;
  for (const t of turns) n += byteLength(t.content) + perTurnBytes;
  return n;
}

/**
 * Keeps the END of a conversation within `maxBytes` (each turn costing its content plus `perTurnBytes`):
 * whole oldest turns go first; the last turn always stays, head-truncated when it alone is too long.
 */
export function truncateTurns(turns: readonly ChatTurn[], maxBytes: number, perTurnBytes = 0): ChatTurn[] {
  if (turns.length === 0) return [];
  if (turnsBytes(turns, perTurnBytes) <= maxBytes) return turns.map((t) => ({ ...t }));
  const marker = byteLength(LEADING_ELLIPSIS);
  const last = turns[turns.length - 1]!;
  const lastBytes = byteLength(last.content) + perTurnBytes;
  if (lastBytes + marker > maxBytes) {
    return [{ role: last.role, content: truncateUtf8(last.content, Math.max(0, maxBytes - perTurnBytes)) }];
  }
  const kept: ChatTurn[] = [{ ...last }];
  let used = lastBytes + marker;
  for (let i = turns.length - 2; i >= 0; i--) {
    const cost = byteLength(turns[i]!.content) + perTurnBytes;
    if (used + cost > maxBytes) break;
    used += cost;
    kept.unshift({ ...turns[i]! });
  }
  kept[0] = { role: kept[0]!.role, content: LEADING_ELLIPSIS + kept[0]!.content };
  return kept;
}

export interface JudgeFields {
  /** The prompt as text, or as turns (then `prompt` is ignored here). */
  prompt: string;
  turns?: readonly ChatTurn[];
  reference: string;
  candidate: string;
}

export interface FittedFields {
  prompt: string;
  turns?: ChatTurn[];
  reference: string;
  candidate: string;
}

/**
 * Applies the rule to one item's fields for a byte budget (what is left after the template's fixed
 * text). `perTurnBytes` is the framing a renderer adds per turn (0 for chat messages, whose framing the
 * server adds). Throws RangeError when the budget leaves no room for the fields.
 */
export function fitJudgeFields(fields: JudgeFields, budget: number, perTurnBytes = 0): FittedFields {
  if (budget < 30) throw new RangeError(`a budget of ${budget} bytes leaves no room for the fields`);
  const turns = fields.turns && fields.turns.length > 0 ? fields.turns : undefined;
  const promptBytes = turns ? turnsBytes(turns, perTurnBytes) : byteLength(fields.prompt);
  const [p, r, c] = fairShares([promptBytes, byteLength(fields.reference), byteLength(fields.candidate)], budget);
  const out: FittedFields = {
    prompt: turns ? fields.prompt : truncateUtf8(fields.prompt, p!),
    reference: truncateUtf8(fields.reference, r!),
    candidate: truncateUtf8(fields.candidate, c!),
  };
  if (turns) out.turns = truncateTurns(turns, p!, perTurnBytes);
  return out;
}
