/**
 * Right and wrong answers to a stored demo prompt, for a simulated policy that must answer it right
 * (or wrong) in words a judge can read: plain one-sentence answers; wrong ones as the demo models
 * get things wrong (models.ts typicalWrongAnswer: mostly evasions and hedges, sometimes an answer to
 * another question or a near miss), the errors the demo GenRM learned to spot. (Near misses only were
 * wrong answers it could not tell from right ones: reward then could not follow correctness at all.)
 * Deterministic in the prompt text and `seed`.
 */
import { phrase, typicalWrongAnswer } from "./models";
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
    wrong: unique(() => {
      // An answer to another question may happen to contain this one's answer ("92 is larger." for
      // "What is 7+2?"): draw again, a bounded number of times, then fall back to a near miss.
      for (let i = 0; i < 8; i++) {
        const a = typicalWrongAnswer(q, rng);
        if (!a.includes(q.answer)) return a;
      }
      return phrase(q, q.wrong(rng), "plain", rng);
    }),
  };
}
