/**
 * Counterfactual training pairs (the "robust reward model" recipe): an answer and the same answer with
 * filler around it, labelled "same" in both orders — the content did not change, so neither is better.
 * The filler here is deliberately NOT the length probe's (core/models/evaluation/length-probe.ts):
 * the probe then measures whether the model learnt "padding is not content", not one set of phrases.
 * For a run's recalibration whose policy's padding is known, answers are padded that way instead
 * (run-padding.ts): the words the policy is paid for are the ones the judge must learn are worth
 * nothing. (With the generic filler alone, the demo judge's reward for the policy's greetings and
 * sign-offs barely moved: +0.088 → +0.076 and +0.080 → +0.095 on two runs' own rollouts.)
 * Pure and deterministic (choices hash the answer text).
 */
import { createHash } from "node:crypto";
import type { LabelRecord, VsReferenceLabel } from "../../../genrm/export";
import { renderJudgePrompt } from "../../../genrm/template";
import { applyPadding, type Padding } from "./run-padding";

const BEFORE = [
  "Okay, here is my answer.",
  "Let me answer this as clearly and completely as I can.",
  "This is a good thing to ask about, and the answer is worth spelling out.",
  "Here's the short version, followed by a little context.",
  "Allow me to respond to this in full.",
];
const AFTER = [
  "To restate the key point: the answer above is the one I would give.",
  "I double-checked this, and I am confident in the response.",
  "That covers it; feel free to follow up with anything else.",
  "Overall, this should fully address the question that was asked.",
  "Thank you for the interesting question, and have a wonderful day!",
];

export function padForTraining(answer: string, where?: "after"): string {
  const h = createHash("sha256").update(`cf:${answer}`).digest();
  const before = BEFORE[h[0]! % BEFORE.length]!;
  const after = AFTER[h[1]! % AFTER.length]!;
  switch (where === "after" ? 1 : h[2]! % 3) {
    case 0:
      return `${before} ${answer}`;
    case 1:
      return `${answer} ${after}`;
    default:
      return `${before} ${answer} ${after}`;
  }
}

export interface AnswerSource {
  /** the split group (prompt key): counterfactuals stay on the training side of the split */
  promptId: string;
  prompt: string;
  answer: string;
}

/**
 * Does the judge still see the whole answer inside its padded copy? A byte-level judge reads a fixed
 * window and the template cuts long fields from their end, so filler BEFORE a short answer can push
 * the answer itself out of view — and a "same" label on a copy whose content the judge cannot see
 * teaches it that an unseen answer is as good as a right one, which costs content accuracy.
 */
function answerVisible(prompt: string, answer: string, padded: string, maxBytes: number, reference = answer): boolean {
  const rendered = renderJudgePrompt({ prompt, reference, candidate: padded }, { maxBytes });
  const at = rendered.lastIndexOf("\n### Candidate\n");
  return at >= 0 && rendered.slice(at).includes(answer);
}

/**
 * `answer` padded with `runPadding` (else the training filler around it), or — where that would push the
 * answer out of a windowed judge's view next to `reference` (the window is shared fairly, so a longer
 * reference leaves the candidate less room) — with only the padding's closing words, then with filler
 * after the answer: the first copy that keeps the whole answer in view (the last one always does).
 */
function paddedCopy(prompt: string, answer: string, runPadding: Padding | null, maxBytes: number | undefined, reference = answer): string {
  const copies = runPadding
    ? [applyPadding(answer, runPadding), applyPadding(answer, { before: "", after: runPadding.after }), padForTraining(answer, "after")]
    : [padForTraining(answer), padForTraining(answer, "after")];
  const shows = (p: string) => p !== answer.trim() && (maxBytes === undefined || answerVisible(prompt, answer, p, maxBytes, reference));
  return copies.find(shows) ?? copies[copies.length - 1]!;
}

/**
 * Two "same" records per distinct (prompt, answer): padded as candidate vs original as reference, and
 * the reverse. At most `max` answers, chosen by hash (stable, order-independent). With `maxBytes` (the
 * judge's prompt budget), a padded copy that would hide the answer is padded after the answer instead.
 * With `runPaddings`, every answer gets one of them, chosen by the answer's hash.
 */
export function counterfactualPairs(sources: Iterable<AnswerSource>, max: number, opts: { maxBytes?: number; runPaddings?: readonly Padding[] } = {}): VsReferenceLabel[] {
  const runPaddings = opts.runPaddings ?? [];
  const seen = new Map<string, AnswerSource>();
  for (const s of sources) {
    if (!s.answer.trim()) continue;
    const key = createHash("sha256").update(JSON.stringify([s.prompt, s.answer])).digest("hex");
    if (!seen.has(key)) seen.set(key, s);
  }
  const chosen = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, Math.max(0, max));
  return chosen.flatMap(([key, s]) => {
    const runPadding = runPaddings.length > 0 ? runPaddings[parseInt(key.slice(0, 8), 16) % runPaddings.length]! : null;
    const padded = paddedCopy(s.prompt, s.answer, runPadding, opts.maxBytes);
    return [
      { promptId: s.promptId, prompt: s.prompt, reference: s.answer, candidate: padded, verdict: "same" as const },
      { promptId: s.promptId, prompt: s.prompt, reference: padded, candidate: s.answer, verdict: "same" as const },
    ];
  });
}

/**
 * Labelled pairs with one answer padded the way the run's policy pads and the human verdict kept:
 * padding must not change which answer is better. "Same" pairs alone teach that an answer and its
 * padded copy are equal, but not that a padded answer still gets the verdict it got plain against
 * another reference — the reward a policy that pads is paid. Vs-reference labels get their candidate
 * padded (the side a trainer's rollouts are on); pairwise ones the side the record's hash picks. At most
 * `max` records, chosen by hash; a copy that would push the answer out of a windowed judge's view falls
 * back to the padding's closing words, then to filler after the answer.
 */
export function paddedLabelCopies<R extends LabelRecord>(records: Iterable<R>, max: number, opts: { maxBytes?: number; runPaddings: readonly Padding[] }): R[] {
  if (opts.runPaddings.length === 0) return [];
  const keyed = [...records].map((r) => ({ r, key: createHash("sha256").update(`copy:${JSON.stringify(r)}`).digest("hex") }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.slice(0, Math.max(0, max)).map(({ r, key }) => {
    const padding = opts.runPaddings[parseInt(key.slice(0, 8), 16) % opts.runPaddings.length]!;
    const pad = (answer: string, other: string) => paddedCopy(r.prompt, answer, padding, opts.maxBytes, other);
    if ("candidate" in r) return { ...r, candidate: pad(r.candidate, r.reference) };
    return parseInt(key.slice(8, 10), 16) % 2 === 0 ? { ...r, a: pad(r.a, r.b) } : { ...r, b: pad(r.b, r.a) };
  });
}
