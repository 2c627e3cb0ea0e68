/**
 * Right and wrong answers to a stored demo prompt, for a simulated policy that must answer it right
 * (or wrong) in words a judge can read: plain one-sentence answers, wrong ones being near misses of
 * the right type (a wrong sum, another capital). Deterministic in the prompt text and `seed`.
 */
import { phrase } from "./models";
import { correctCore, questionFromText } from "./questions";
import { createRng } from "./rng";

export interface AnswerBank {
  right: string[];
  wrong: string[];
}

/** null when the text is not a demo question. */
export function demoAnswerBank(promptText: string, options: { seed?: number; size?: number } = {}): AnswerBank | null {
  const q = questionFromText(promptText);
  if (!q) return null;
  const rng = createRng(options.seed ?? 1).fork(promptText);
  const size = options.size ?? 6;
  const unique = (make: () => string) => [...new Set(Array.from({ length: size }, make))];
  return {
    right: unique(() => phrase(q, correctCore(q, rng), "plain", rng)),
    wrong: unique(() => phrase(q, q.wrong(rng), "plain", rng)),
  };
}
