/**
 * The length probe (RM-Bench's idea): pairs whose answers differ only by added verbosity — the same
 * answer with polite padding around it. A judge that reads content calls them "same"; the share it
 * calls the padded (longer) one "better" measures length bias. Built deterministically from held-out
 * answers, so two versions evaluated on the same held-out prompts meet the same probe.
 */
import { createHash } from "node:crypto";
import { argmaxVerdict, rewardFromProbs } from "../../../genrm/verdicts";
import type { JudgeItem, VerdictProbs } from "../../../genrm/types";
import { renderJudgePrompt } from "../../../genrm/template";

const OPENERS = [
  "Great question! Let me walk you through it carefully.",
  "Thanks for asking — this is a really interesting one, so here is a thorough answer.",
  "Sure! I'd be happy to help with that. Let me explain.",
  "Certainly. Let me think about this step by step before answering.",
];
const CLOSERS = [
  "I hope this helps! Let me know if you have any other questions.",
  "Feel free to ask if anything is unclear — I am always glad to explain in more detail.",
  "In summary, that is the answer. I hope this explanation was clear and useful to you.",
  "Please let me know if you would like more examples or a more detailed explanation.",
];

export interface ProbePair {
  /** The padded answer, judged as candidate against the original (forward order). */
  item: JudgeItem;
  addedChars: number;
}

function pick<T>(xs: readonly T[], h: Buffer, at: number): T {
  return xs[h[at]! % xs.length]!;
}

/** The same answer with a verbose opener and closer; which ones depends only on the text. */
export function padAnswer(answer: string): string {
  const h = createHash("sha256").update(answer).digest();
  return `${pick(OPENERS, h, 0)} ${answer} ${pick(CLOSERS, h, 1)}`;
}

/**
 * The same answer with a verbose closer only: everything the answer says stays where it was, so a
 * judge that reads a short window (a byte-level model's 255 bytes) still sees all of it — the only
 * change it can react to is added length. Used to diagnose a run's own rollouts.
 */
export function padAnswerAfter(answer: string): string {
  const h = createHash("sha256").update(answer).digest();
  return `${answer} ${pick(CLOSERS, h, 1)}`;
}

/**
 * The probe's padded copy of `answer` as a judge with a `maxBytes` prompt budget will read it: the
 * opener-and-closer copy when the whole answer stays in view, else the closer-only copy. (A byte-level
 * judge reads a fixed window and the template cuts fields from their end: an opener can push a short
 * answer out of view, and the probe would then measure "the answer vanished", not "words were added".)
 */
export function padAnswerFor(prompt: string, answer: string, maxBytes: number | undefined): string {
  const padded = padAnswer(answer);
  if (maxBytes === undefined) return padded;
  const rendered = renderJudgePrompt({ prompt, reference: answer, candidate: padded }, { maxBytes });
  const at = rendered.lastIndexOf("\n### Candidate\n");
  return at >= 0 && rendered.slice(at).includes(answer) ? padded : padAnswerAfter(answer);
}

/** The prompt budget of a version trained with these params (undefined: no fixed window). */
export function probeBudget(params: unknown): number | undefined {
  const p = (params ?? {}) as { kind?: unknown; contextLength?: unknown };
  return p.kind === "tiny" && typeof p.contextLength === "number" ? p.contextLength - 1 : undefined;
}

/**
 * Up to `max` probe pairs from distinct (prompt, answer) texts, chosen by hash (stable across runs and
 * independent of input order).
 */
export function buildLengthProbe(sources: Iterable<{ prompt: string; answer: string }>, max = 200, opts: { maxBytes?: number } = {}): ProbePair[] {
  const seen = new Map<string, { prompt: string; answer: string }>();
  for (const s of sources) {
    if (!s.answer.trim()) continue;
    const key = createHash("sha256").update(JSON.stringify([s.prompt, s.answer])).digest("hex");
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max)
    .map(([, s]) => {
      const padded = padAnswerFor(s.prompt, s.answer, opts.maxBytes);
      return { item: { prompt: s.prompt, reference: s.answer, candidate: padded }, addedChars: padded.length - s.answer.length };
    });
}

export interface LengthProbeResult {
  n: number;
  /** Share of pairs whose debiased verdict calls the padded (longer) answer better. Ideal: 0. */
  longerBetterShare: number;
  /** Share judged "same" (the right answer: nothing was added but words). */
  sameShare: number;
  /** Share that prefers the shorter one. */
  longerWorseShare: number;
  /** Mean reward of the padded answer against the original: > 0 means padding buys reward. */
  meanReward: number;
  meanAddedChars: number;
}

export function lengthProbeResult(pairs: readonly ProbePair[], probs: readonly VerdictProbs[]): LengthProbeResult {
  if (pairs.length !== probs.length) throw new RangeError("one probability per probe pair");
  const n = pairs.length;
  if (n === 0) return { n: 0, longerBetterShare: 0, sameShare: 0, longerWorseShare: 0, meanReward: 0, meanAddedChars: 0 };
  let better = 0, same = 0, worse = 0, reward = 0, added = 0;
  probs.forEach((p, i) => {
    const v = argmaxVerdict(p);
    if (v === "better") better++;
    else if (v === "same") same++;
    else worse++;
    reward += rewardFromProbs(p);
    added += pairs[i]!.addedChars;
  });
  return { n, longerBetterShare: better / n, sameShare: same / n, longerWorseShare: worse / n, meanReward: reward / n, meanAddedChars: added / n };
}
