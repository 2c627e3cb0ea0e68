/**
 * The closed-loop test's judge task: "Echo the code: Q7X" — an answer is right when it ends with the
 * code ("… Q7X."), wrong when it ends with a near miss and a doubt ("… Q8X (not sure?)"). Deliberately
 * easy, so a tiny byte-level GenRM trained for a minute on 2 cores learns to read CONTENT, which the
 * test needs: only a judge that reads content can drop its length bias without losing accuracy.
 * Answers come in three styles (terse / plain / verbose) whose lengths have nothing to do with
 * correctness; simulated annotators are mostly right but, when two answers are equally good, favour
 * the clearly longer one with probability `lengthBias` — the source of the GenRM's length bias.
 * Pure and seeded (genrm/demo-task's PRNG).
 */
import { createRng, type Rng } from "../../genrm/demo-task/rng";
import type { Verdict } from "../../genrm/types";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const OPENERS = ["Sure!", "Of course.", "Happy to help!", "Good question."];
const CLOSERS = ["Hope this helps!", "Let me know if you need anything else.", "Glad I could help."];

export type Style = "terse" | "plain" | "verbose";

export interface EchoAnswer {
  text: string;
  correct: boolean;
  style: Style;
}

export interface EchoItem {
  promptKey: string;
  prompt: string;
  code: string;
  candidate: EchoAnswer;
  reference: EchoAnswer;
  /** the true verdict of candidate vs reference */
  truth: Verdict;
  /** what the simulated annotator said */
  label: Verdict;
}

const codeOf = (rng: Rng, n: number) => Array.from({ length: n }, () => ALPHABET[rng.int(0, ALPHABET.length - 1)]).join("");

/** A near miss: one character of the code changed. */
function wrongCode(code: string, rng: Rng): string {
  const i = rng.int(0, code.length - 1);
  let c = code[i]!;
  while (c === code[i]) c = ALPHABET[rng.int(0, ALPHABET.length - 1)]!;
  return code.slice(0, i) + c + code.slice(i + 1);
}

/**
 * Every answer ends with the code; a wrong one (a near miss) admits it: "Q8X (not sure?)", a right one
 * ends with a full stop — a redundant surface cue at a fixed place, which a tiny model picks up in a
 * few hundred steps: content, not length. The styles only change how much is said before the code.
 */
export function echoAnswer(code: string, correct: boolean, style: Style, rng: Rng): EchoAnswer {
  const core = correct ? `${code}.` : `${wrongCode(code, rng)} (not sure?)`;
  const text = style === "terse" ? core : style === "plain" ? `The code is ${core}` : `${rng.pick(OPENERS)} ${rng.pick(CLOSERS)} The code is ${core}`;
  return { text, correct, style };
}

export const echoPrompt = (code: string) => `Echo the code: ${code}`;

function annotate(truth: Verdict, cand: EchoAnswer, ref: EchoAnswer, rng: Rng, noise: number, lengthBias: number): Verdict {
  if (rng.chance(noise)) return rng.pick(["better", "same", "worse"] as const);
  if (truth === "same" && rng.chance(lengthBias)) {
    if (cand.text.length >= 1.5 * ref.text.length) return "better";
    if (ref.text.length >= 1.5 * cand.text.length) return "worse";
  }
  return truth;
}

export interface EchoOptions {
  seed: number;
  prompts: number;
  itemsPerPrompt?: number;
  codeLength?: number;
  noise?: number;
  lengthBias?: number;
  /** References are right answers (as tournament-picked ones are): the verdict depends on the candidate. */
  rightReferences?: boolean;
}

/** Balanced verdicts (1/3 each; "same" half both-right, half both-wrong), styles uniform. */
export function generateEchoItems(o: EchoOptions): EchoItem[] {
  const rng = createRng(o.seed);
  const styles: Style[] = ["terse", "plain", "verbose"];
  const items: EchoItem[] = [];
  for (let p = 0; p < o.prompts; p++) {
    const code = codeOf(rng, o.codeLength ?? 3);
    for (let k = 0; k < (o.itemsPerPrompt ?? 2); k++) {
      const truth = o.rightReferences ? rng.pick(["same", "worse"] as const) : rng.pick(["better", "same", "worse"] as const);
      const [refOk, candOk] = truth === "better" ? [false, true] : truth === "worse" ? [true, false] : o.rightReferences || rng.chance(0.5) ? [true, true] : [false, false];
      const reference = echoAnswer(code, refOk, rng.pick(styles), rng);
      let candidate = echoAnswer(code, candOk, rng.pick(styles), rng);
      if (candidate.text === reference.text) candidate = echoAnswer(code, candOk, candidate.style === "terse" ? "verbose" : "terse", rng);
      items.push({
        promptKey: `echo-${o.seed}-${p}`,
        prompt: echoPrompt(code),
        code,
        candidate,
        reference,
        truth,
        label: annotate(truth, candidate, reference, rng, o.noise ?? 0.05, o.lengthBias ?? 0),
      });
    }
  }
  return items;
}
