/**
 * Counterfactual training pairs (the "robust reward model" recipe): an answer and the same answer with
 * filler around it, labelled "same" in both orders — the content did not change, so neither is better.
 * The filler here is deliberately NOT the length probe's (core/models/evaluation/length-probe.ts):
 * the probe then measures whether the model learnt "padding is not content", not one set of phrases.
 * Pure and deterministic (choices hash the answer text).
 */
import { createHash } from "node:crypto";
import type { VsReferenceLabel } from "../../../genrm/export";

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

export function padForTraining(answer: string): string {
  const h = createHash("sha256").update(`cf:${answer}`).digest();
  const before = BEFORE[h[0]! % BEFORE.length]!;
  const after = AFTER[h[1]! % AFTER.length]!;
  switch (h[2]! % 3) {
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
 * Two "same" records per distinct (prompt, answer): padded as candidate vs original as reference, and
 * the reverse. At most `max` answers, chosen by hash (stable, order-independent).
 */
export function counterfactualPairs(sources: Iterable<AnswerSource>, max: number): VsReferenceLabel[] {
  const seen = new Map<string, AnswerSource>();
  for (const s of sources) {
    if (!s.answer.trim()) continue;
    const key = createHash("sha256").update(JSON.stringify([s.prompt, s.answer])).digest("hex");
    if (!seen.has(key)) seen.set(key, s);
  }
  const chosen = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, Math.max(0, max));
  return chosen.flatMap(([, s]) => {
    const padded = padForTraining(s.answer);
    return [
      { promptId: s.promptId, prompt: s.prompt, reference: s.answer, candidate: padded, verdict: "same" as const },
      { promptId: s.promptId, prompt: s.prompt, reference: padded, candidate: s.answer, verdict: "same" as const },
    ];
  });
}
