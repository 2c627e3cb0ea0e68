/**
 * Simulated answering "models": each has an accuracy (chance its answer is right), a mix of error
 * types for its wrong answers and a style mix (terse / plain / verbose).
 *
 * Error types, from easy to hard to spot: `evade` (no answer, or a hedged guess: "Maybe 12? Not
 * sure."), `off` (a confident answer to a different question) and `near` (a confident near miss of the
 * right type: a wrong sum, a wrong capital). Like real small models, weak ones mostly evade when they
 * do not know; strong ones rarely err, and then with near misses. An answer's hidden quality comes
 * from correctness, with a small style term that never outweighs it, so verbosity alone never wins.
 */
import { correctCore, makeQuestion, type Question } from "./questions";
import type { Rng } from "./rng";

export const STYLES = ["terse", "plain", "verbose"] as const;
export type Style = (typeof STYLES)[number];
export const ERROR_TYPES = ["evade", "off", "near"] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export interface DemoModel {
  name: string;
  /** Probability that an answer is correct. */
  accuracy: number;
  /** Relative weights of the answer styles. */
  styles: Record<Style, number>;
  /** Relative weights of the error types of its wrong answers. */
  errors: Record<ErrorType, number>;
}

export const DEMO_MODELS: readonly DemoModel[] = [
  { name: "atlas-large", accuracy: 0.92, styles: { terse: 0.1, plain: 0.6, verbose: 0.3 }, errors: { evade: 0.2, off: 0.2, near: 0.6 } },
  { name: "chatty-medium", accuracy: 0.7, styles: { terse: 0, plain: 0.2, verbose: 0.8 }, errors: { evade: 0.85, off: 0.1, near: 0.05 } },
  { name: "bolt-small", accuracy: 0.55, styles: { terse: 0.7, plain: 0.3, verbose: 0 }, errors: { evade: 0.9, off: 0.08, near: 0.02 } },
  { name: "drift-tiny", accuracy: 0.3, styles: { terse: 0.3, plain: 0.4, verbose: 0.3 }, errors: { evade: 0.95, off: 0.04, near: 0.01 } },
];

export interface DemoAnswer {
  model: string;
  text: string;
  correct: boolean;
  /** Why it is wrong (absent when correct). */
  error?: ErrorType;
  style: Style;
  /** Hidden quality in [0, 1]: 0.8–0.9 when correct, 0–0.25 when wrong (style adds up to 0.1). */
  quality: number;
}

const OPENERS = ["Great question!", "Sure!", "Good one.", "Let me think.", "Happy to help!"];
const CLOSERS = ["Hope this helps!", "Let me know if you need more.", "I am quite sure.", "Glad to help."];
const EVASIONS = ["I am not sure.", "I cannot answer that.", "Hard to say.", "I do not know.", "Please ask someone else."];
const HEDGES = [(x: string) => `Maybe ${x}? Not sure.`, (x: string) => `Possibly ${x}, I guess.`, (x: string) => `Could be ${x}, no idea.`];

/** Style bonus: a clear sentence reads best, padding a little worse; never enough to flip a verdict. */
const STYLE_BONUS: Record<Style, number> = { plain: 0.1, terse: 0.05, verbose: 0 };
const ERROR_QUALITY: Record<ErrorType, number> = { evade: 0, off: 0.05, near: 0.15 };

function weighted<K extends string>(weights: Record<K, number>, keys: readonly K[], rng: Rng): K {
  const total = keys.reduce((s, k) => s + weights[k], 0);
  let x = rng.next() * total;
  for (const k of keys) {
    x -= weights[k];
    if (x < 0) return k;
  }
  return keys[keys.length - 1]!;
}

export function pickStyle(model: DemoModel, rng: Rng): Style {
  return weighted(model.styles, STYLES, rng);
}

export function phrase(q: Question, core: string, style: Style, rng: Rng): string {
  if (style === "terse") return core;
  const sentence = q.sentence(core, rng);
  if (style === "plain") return sentence;
  return `${rng.pick(OPENERS)} ${sentence} ${rng.pick(CLOSERS)}`;
}

export function qualityOf(correct: boolean, style: Style, error: ErrorType = "near"): number {
  return (correct ? 0.8 : ERROR_QUALITY[error]) + STYLE_BONUS[style];
}

function wrongText(q: Question, error: ErrorType, style: Style, rng: Rng): string {
  if (error === "evade") {
    const e = rng.chance(0.5) ? rng.pick(EVASIONS) : rng.pick(HEDGES)(q.wrong(rng));
    return style === "verbose" ? `${rng.pick(OPENERS)} ${e} ${rng.pick(CLOSERS)}` : e;
  }
  if (error === "off") {
    // A right answer to some other question: fluent, confident and useless.
    let other = makeQuestion(rng);
    while (other.kind === q.kind) other = makeQuestion(rng);
    return phrase(other, other.answer, style, rng);
  }
  return phrase(q, q.wrong(rng), style, rng);
}

/**
 * A wrong answer as the demo models give them, in a plain sentence: the error type drawn from their
 * pooled error mix, each model weighted by how often it errs (so mostly evasions and hedges, now and
 * then an answer to another question or a near miss) — the wrong answers the demo GenRM learned from.
 */
export function typicalWrongAnswer(q: Question, rng: Rng, models: readonly DemoModel[] = DEMO_MODELS): string {
  const mix = Object.fromEntries(ERROR_TYPES.map((e) => [e, models.reduce((s, m) => s + (1 - m.accuracy) * m.errors[e], 0)])) as Record<ErrorType, number>;
  return wrongText(q, weighted(mix, ERROR_TYPES, rng), "plain", rng);
}

/**
 * One answer by `model`. `correct` forces correctness (balanced datasets); by default it is drawn
 * from the model's accuracy.
 */
export function answerWith(q: Question, model: DemoModel, rng: Rng, correct?: boolean): DemoAnswer {
  const isCorrect = correct ?? rng.chance(model.accuracy);
  const style = pickStyle(model, rng);
  if (isCorrect) {
    return { model: model.name, text: phrase(q, correctCore(q, rng), style, rng), correct: true, style, quality: qualityOf(true, style) };
  }
  const error = weighted(model.errors, ERROR_TYPES, rng);
  return { model: model.name, text: wrongText(q, error, style, rng), correct: false, error, style, quality: qualityOf(false, style, error) };
}
