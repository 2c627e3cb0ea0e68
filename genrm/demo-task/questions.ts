/**
 * The demo's question kinds: short factual, arithmetic, comparison and list questions whose
 * correctness can be decided from the text alone. Each kind knows how to produce its correct answer
 * and a plausible wrong one (a near miss, never an obviously different shape), so that telling them
 * apart needs the question, not the answer's look.
 */
import type { Rng } from "./rng";

export const QUESTION_KINDS = ["add", "capital", "larger", "color", "list"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface Question {
  kind: QuestionKind;
  /** The question as a user would type it. */
  text: string;
  /** The canonical correct answer (core words only, no phrasing). */
  answer: string;
  /** A near-miss wrong core answer (same type as the right one), drawn fresh on each call. */
  wrong(rng: Rng): string;
  /** A plain one-sentence phrasing of a core answer. */
  sentence(core: string, rng: Rng): string;
}

const CAPITALS: ReadonlyArray<readonly [string, string]> = [
  ["France", "Paris"],
  ["Spain", "Madrid"],
  ["Italy", "Rome"],
  ["Japan", "Tokyo"],
  ["Egypt", "Cairo"],
  ["Peru", "Lima"],
  ["Kenya", "Nairobi"],
  ["Norway", "Oslo"],
  ["Canada", "Ottawa"],
  ["Chile", "Santiago"],
  ["Greece", "Athens"],
  ["Cuba", "Havana"],
];

const COLORS: ReadonlyArray<readonly [string, string]> = [
  ["snow", "white"],
  ["grass", "green"],
  ["the sky", "blue"],
  ["coal", "black"],
  ["a lemon", "yellow"],
  ["blood", "red"],
  ["an orange", "orange"],
  ["a plum", "purple"],
];

const CATEGORIES: Record<string, readonly string[]> = {
  fruits: ["apple", "pear", "plum", "fig", "kiwi", "mango", "lime", "grape"],
  animals: ["cat", "dog", "cow", "fox", "owl", "hen", "bee", "elk"],
  vegetables: ["carrot", "leek", "onion", "pea", "bean", "kale", "beet", "corn"],
};

function others<T>(xs: readonly T[], except: T): T[] {
  return xs.filter((x) => x !== except);
}

function add(rng: Rng): Question {
  const a = rng.int(1, 9);
  const b = rng.int(1, 9);
  const sum = a + b;
  return {
    kind: "add",
    text: `What is ${a}+${b}?`,
    answer: String(sum),
    wrong: (r) => String(sum + r.pick([-2, -1, 1, 2])),
    sentence: (core, r) => r.pick([`${a}+${b} is ${core}.`, `The sum is ${core}.`, `It is ${core}.`]),
  };
}

function capital(rng: Rng): Question {
  const [country, city] = rng.pick(CAPITALS);
  return {
    kind: "capital",
    text: rng.pick([`What is the capital of ${country}?`, `Capital of ${country}?`]),
    answer: city,
    wrong: (r) => r.pick(others(CAPITALS.map((c) => c[1]), city)),
    sentence: (core, r) => r.pick([`The capital is ${core}.`, `It is ${core}.`, `${core} is the capital.`]),
  };
}

function larger(rng: Rng): Question {
  const a = rng.int(10, 99);
  let b = rng.int(10, 99);
  while (b === a) b = rng.int(10, 99);
  return {
    kind: "larger",
    text: `Which is larger, ${a} or ${b}?`,
    answer: String(Math.max(a, b)),
    wrong: () => String(Math.min(a, b)),
    sentence: (core, r) => r.pick([`${core} is larger.`, `The larger one is ${core}.`, `It is ${core}.`]),
  };
}

function color(rng: Rng): Question {
  const [thing, col] = rng.pick(COLORS);
  return {
    kind: "color",
    text: `What color is ${thing}?`,
    answer: col,
    wrong: (r) => r.pick(others(COLORS.map((c) => c[1]), col)),
    sentence: (core, r) => r.pick([`It is ${core}.`, `The color is ${core}.`, `Usually ${core}.`]),
  };
}

function list(rng: Rng): Question {
  const names = Object.keys(CATEGORIES);
  const category = rng.pick(names);
  const members = CATEGORIES[category]!;
  const two = (r: Rng) => r.shuffle([...members]).slice(0, 2);
  const answer = two(rng).join(", ");
  return {
    kind: "list",
    text: `Name two ${category}.`,
    answer,
    // A correct answer is any two members, so draw a fresh one per use (see correctCore).
    wrong: (r) => {
      const intruder = r.pick(CATEGORIES[r.pick(others(names, category))]!);
      const pair = [r.pick(members), intruder];
      return (r.chance(0.5) ? pair : pair.reverse()).join(", ");
    },
    sentence: (core, r) => r.pick([`For example ${core}.`, `Sure: ${core}.`, `Two are ${core}.`]),
  };
}

const MAKERS: Record<QuestionKind, (rng: Rng) => Question> = { add, capital, larger, color, list };

export function makeQuestion(rng: Rng, kinds: readonly QuestionKind[] = QUESTION_KINDS): Question {
  return MAKERS[rng.pick(kinds)](rng);
}

/** A correct core answer; list questions accept any two members, so those vary per answer. */
export function correctCore(q: Question, rng: Rng): string {
  if (q.kind !== "list") return q.answer;
  const category = q.text.replace(/^Name two (\w+)\.$/, "$1");
  return rng.shuffle([...CATEGORIES[category]!]).slice(0, 2).join(", ");
}

/**
 * The demo question a prompt text asks, rebuilt from the text alone (null when it is not one of the
 * demo task's phrasings): lets a simulated policy answer a stored demo prompt right or wrong.
 */
export function questionFromText(text: string): Question | null {
  const stub: Rng = { next: () => 0, int: (min) => min, pick: (xs) => xs[0]!, chance: () => false, shuffle: (xs) => xs, fork: () => stub };
  const withText = (q: Question): Question => ({ ...q, text });
  let m = /^What is (\d+)\+(\d+)\?$/.exec(text);
  if (m) return withText(add(fixedInts(stub, Number(m[1]), Number(m[2]))));
  m = /^(?:What is the capital of|Capital of) (.+)\?$/.exec(text);
  if (m) {
    const pair = CAPITALS.find(([country]) => country === m![1]);
    return pair ? withText(capital(fixedPick(stub, pair))) : null;
  }
  m = /^Which is larger, (\d+) or (\d+)\?$/.exec(text);
  if (m && m[1] !== m[2]) return withText(larger(fixedInts(stub, Number(m[1]), Number(m[2]))));
  m = /^What color is (.+)\?$/.exec(text);
  if (m) {
    const pair = COLORS.find(([thing]) => thing === m![1]);
    return pair ? withText(color(fixedPick(stub, pair))) : null;
  }
  m = /^Name two (\w+)\.$/.exec(text);
  if (m && CATEGORIES[m[1]!]) {
    return withText(list(fixedPick(stub, m[1]!)));
  }
  return null;
}

/** An Rng whose int() returns the given values in order (then falls back to `base`). */
function fixedInts(base: Rng, ...values: number[]): Rng {
  let i = 0;
  return { ...base, int: (min, max) => (i < values.length ? values[i++]! : base.int(min, max)) };
}

/** An Rng whose first pick() returns `value`. */
function fixedPick(base: Rng, value: unknown): Rng {
  let used = false;
  return { ...base, pick: <T,>(xs: readonly T[]) => (used ? base.pick(xs) : ((used = true), value as T)) };
}
