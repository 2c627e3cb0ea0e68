/**
 * Counterfactual training pairs (the "robust reward model" recipe): an answer and the same answer with
 * filler around it, labelled "same" in both orders — the content did not change, so neither is better.
 * The filler here is deliberately NOT the length probe's (core/models/evaluation/length-probe.ts):
 * the probe then measures whether the model learnt "padding is not content", not one set of phrases.
 * Pure and deterministic (choices hash the answer text).
 */
import { createHash } from "node:crypto";
import type { VsReferenceLabel } from "../../../genrm/export";
import { renderJudgePrompt } from "../../../genrm/template";

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
function answerVisible(prompt: string, answer: string, padded: string, maxBytes: number): boolean {
  const rendered = renderJudgePrompt({ prompt, reference: answer, candidate: padded }, { maxBytes });
  const at = rendered.lastIndexOf("\n### Candidate\n");
  return at >= 0 && rendered.slice(at).includes(answer);
}

/**
 * Two "same" records per distinct (prompt, answer): padded as candidate vs original as reference, and
 * the reverse. At most `max` answers, chosen by hash (stable, order-independent). With `maxBytes` (the
 * judge's prompt budget), a padded copy that would hide the answer is padded after the answer instead.
 */
export function counterfactualPairs(sources: Iterable<AnswerSource>, max: number, opts: { maxBytes?: number } = {}): VsReferenceLabel[] {
  const seen = new Map<string, AnswerSource>();
  for (const s of sources) {
    if (!s.answer.trim()) continue;
    const key = createHash("sha256").update(JSON.stringify([s.prompt, s.answer])).digest("hex");
    if (!seen.has(key)) seen.set(key, s);
  }
  const chosen = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, Math.max(0, max));
  return chosen.flatMap(([, s]) => {
    let padded = padForTraining(s.answer);
    if (opts.maxBytes !== undefined && !answerVisible(s.prompt, s.answer, padded, opts.maxBytes)) padded = padForTraining(s.answer, "after");
    return [
      { promptId: s.promptId, prompt: s.prompt, reference: s.answer, candidate: padded, verdict: "same" as const },
      { promptId: s.promptId, prompt: s.prompt, reference: padded, candidate: s.answer, verdict: "same" as const },
    ];
  });
}
