/**
 * The padding a run's policy actually writes, read off its own rollouts: when a longer rollout of a
 * prompt contains a shorter one of the same prompt whole, what surrounds it (the words before and
 * after) was added without changing what the shorter one says. Only words found around answers of
 * at least two prompts count: filler recurs whatever the question, while an added explanation belongs to
 * its prompt (and is content, which must not be taught as worthless). A judge that pays for THOSE words is the
 * judge the policy is exploiting, whatever a fixed probe's filler shows; so the diagnosis, the
 * recalibration's counterfactual pairs and its probe use them. Real rollouts of one prompt seldom contain
 * each other; then nothing is found and the fixed filler is used instead. Pure and deterministic.
 */
import { createHash } from "node:crypto";

export interface Padding {
  /** words put before the answer ("" when none) */
  before: string;
  /** words put after it ("" when none) */
  after: string;
}

export interface RolloutText {
  prompt: string;
  response: string;
}

/** Rollouts compared per prompt (the longest ones are dropped first): bounds the work per prompt. */
const MAX_PER_PROMPT = 24;
/** A contained answer shorter than this ("12", "Yes.") says too little to call the rest "added words". */
const MIN_ANSWER_CHARS = 6;
/** Prompts a padding must be seen with. */
const MIN_PROMPTS = 2;
/** Added text longer than this is not padding worth replaying (and keeps counterfactuals short). */
const MAX_PADDING_CHARS = 400;

const key = (p: Padding) => JSON.stringify([p.before, p.after]);

/**
 * Distinct paddings found in `rollouts` with at least MIN_PROMPTS prompts, seen with the most prompts
 * first (ties by text), at most `max`. Each
 * (shorter, longer) pair of one prompt's distinct responses is checked once with a substring search;
 * responses are trimmed, so a padding's spaces are its own.
 */
export function harvestPaddings(rollouts: Iterable<RolloutText>, max = 32): Padding[] {
  const byPrompt = new Map<string, Set<string>>();
  for (const r of rollouts) {
    const text = r.response.trim();
    if (text.length < MIN_ANSWER_CHARS) continue;
    let set = byPrompt.get(r.prompt);
    if (!set) byPrompt.set(r.prompt, (set = new Set()));
    set.add(text);
  }
  const counts = new Map<string, { padding: Padding; prompts: Set<string> }>();
  for (const [prompt, set] of byPrompt) {
    const texts = [...set].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, MAX_PER_PROMPT);
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const short = texts[i]!;
        const long = texts[j]!;
        if (long.length === short.length || long.length - short.length > MAX_PADDING_CHARS) continue;
        const at = long.indexOf(short);
        if (at < 0) continue;
        const padding = { before: long.slice(0, at), after: long.slice(at + short.length) };
        // Words the answer itself contains are the answer repeating (or cut mid-repeat), not padding.
        if (echoesAnswer(padding.before, short) || echoesAnswer(padding.after, short)) continue;
        const k = key(padding);
        const seen = counts.get(k);
        if (seen) seen.prompts.add(prompt);
        else counts.set(k, { padding, prompts: new Set([prompt]) });
      }
    }
  }
  return [...counts.values()]
    .filter((c) => c.prompts.size >= MIN_PROMPTS)
    .sort((a, b) => b.prompts.size - a.prompts.size || (key(a.padding) < key(b.padding) ? -1 : 1))
    .slice(0, Math.max(0, max))
    .map((c) => c.padding);
}

function echoesAnswer(added: string, answer: string): boolean {
  const words = added.trim();
  return words.length > 0 && answer.includes(words);
}

export function applyPadding(answer: string, padding: Padding): string {
  return `${padding.before}${answer.trim()}${padding.after}`;
}

/** One of `paddings` for `answer`, chosen by its text (stable, order-free); null when there are none. */
export function paddingFor(answer: string, paddings: readonly Padding[]): Padding | null {
  if (paddings.length === 0) return null;
  const h = createHash("sha256").update(`pad:${answer}`).digest();
  return paddings[h.readUInt32BE(0) % paddings.length]!;
}
