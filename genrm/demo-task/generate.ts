/**
 * Judge items and prompt sets for the demo: every verdict follows from the hidden qualities of BOTH
 * answers (a right candidate against a wrong reference is "better", two right or two wrong answers are
 * "same"), so a judge must read the question, the reference and the candidate.
 */
import { renderJudgePrompt, VERDICT_COMPLETION } from "../template";
import type { JudgeItem, Verdict } from "../types";
import { answerWith, DEMO_MODELS, type DemoAnswer, type DemoModel } from "./models";
import { makeQuestion, QUESTION_KINDS, type Question, type QuestionKind } from "./questions";
import { createRng, type Rng } from "./rng";

/** Quality gap beyond which one answer is better; correctness moves quality by 0.7, style by <= 0.1. */
export const VERDICT_MARGIN = 0.3;

export function verdictFor(candidateQuality: number, referenceQuality: number): Verdict {
  const d = candidateQuality - referenceQuality;
  return d > VERDICT_MARGIN ? "better" : d < -VERDICT_MARGIN ? "worse" : "same";
}

export interface DemoPrompt {
  /** Stable id: the split key ("group") of training rows. */
  id: string;
  kind: QuestionKind;
  text: string;
  /** The canonical correct answer (for list questions, one of many). */
  answer: string;
}

export interface DemoJudgeItem extends JudgeItem {
  id: string;
  promptId: string;
  kind: QuestionKind;
  verdict: Verdict;
  referenceModel: string;
  candidateModel: string;
  referenceQuality: number;
  candidateQuality: number;
}

export interface GenerateOptions {
  seed: number;
  /** Number of judge items. */
  count: number;
  /**
   * true (default): verdicts drawn uniformly (1/3 each; "same" is half both-right, half both-wrong),
   * answers forced right/wrong to match. false: correctness drawn from each model's accuracy.
   */
  balanced?: boolean;
  /** Items sharing one prompt (different answer pairs). Default 2. */
  itemsPerPrompt?: number;
  kinds?: readonly QuestionKind[];
  models?: readonly DemoModel[];
}

function toPrompt(q: Question, id: string): DemoPrompt {
  return { id, kind: q.kind, text: q.text, answer: q.answer };
}

function correctnessFor(verdict: Verdict, rng: Rng): [reference: boolean, candidate: boolean] {
  if (verdict === "better") return [false, true];
  if (verdict === "worse") return [true, false];
  return rng.chance(0.5) ? [true, true] : [false, false];
}

function modelFor(models: readonly DemoModel[], correct: boolean, rng: Rng): DemoModel {
  const weights = models.map((m) => (correct ? m.accuracy : 1 - m.accuracy));
  let x = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < models.length; i++) {
    x -= weights[i]!;
    if (x < 0) return models[i]!;
  }
  return models[models.length - 1]!;
}

export function generateJudgeItems(options: GenerateOptions): DemoJudgeItem[] {
  const { seed, count, balanced = true, itemsPerPrompt = 2, kinds = QUESTION_KINDS, models = DEMO_MODELS } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (itemsPerPrompt < 1) throw new RangeError("itemsPerPrompt must be >= 1");
  const rng = createRng(seed);
  const items: DemoJudgeItem[] = [];
  let q: Question | undefined;
  let promptId = "";
  for (let i = 0; i < count; i++) {
    if (i % itemsPerPrompt === 0) {
      q = makeQuestion(rng, kinds);
      promptId = `demo-${seed}-p${i / itemsPerPrompt}`;
    }
    const question = q!;
    let ref: DemoAnswer;
    let cand: DemoAnswer;
    if (balanced) {
      // Right answers come from a model in proportion to its accuracy, wrong ones to its error rate
      // (who gets it wrong matters: weak models evade, strong ones make near misses).
      const [refOk, candOk] = correctnessFor(rng.pick(["better", "same", "worse"] as const), rng);
      ref = answerWith(question, modelFor(models, refOk, rng), rng, refOk);
      cand = answerWith(question, modelFor(models, candOk, rng), rng, candOk);
    } else {
      ref = answerWith(question, rng.pick(models), rng);
      cand = answerWith(question, rng.pick(models), rng);
    }
    items.push({
      id: `${promptId}-i${i % itemsPerPrompt}`,
      promptId,
      kind: question.kind,
      prompt: question.text,
      reference: ref.text,
      candidate: cand.text,
      verdict: verdictFor(cand.quality, ref.quality),
      referenceModel: ref.model,
      candidateModel: cand.model,
      referenceQuality: ref.quality,
      candidateQuality: cand.quality,
    });
  }
  return items;
}

export interface DemoPromptSet {
  prompt: DemoPrompt;
  /** One answer per model, in `models` order. */
  answers: DemoAnswer[];
}

/** Prompts each answered once by every model: seed data for responses, comparisons and tournaments. */
export function generatePromptSets(options: { seed: number; prompts: number; kinds?: readonly QuestionKind[]; models?: readonly DemoModel[] }): DemoPromptSet[] {
  const { seed, prompts, kinds = QUESTION_KINDS, models = DEMO_MODELS } = options;
  const rng = createRng(seed);
  return Array.from({ length: prompts }, (_, i) => {
    const q = makeQuestion(rng, kinds);
    return { prompt: toPrompt(q, `demo-${seed}-p${i}`), answers: models.map((m) => answerWith(q, m, rng)) };
  });
}

export interface TrainingRow {
  prompt: string;
  completion: string;
  group: string;
  weight?: number;
}

/**
 * Trainer JSONL rows (genrm/trainer's input) for demo items: the prompt rendered exactly as serving
 * renders it. `maxBytes` = the model's prompt budget (config.json `max_prompt_bytes`, 511 by default).
 */
export function toTrainingRows(items: ReadonlyArray<JudgeItem & { verdict: Verdict; promptId: string }>, options: { maxBytes: number }): TrainingRow[] {
  return items.map((it) => ({
    prompt: renderJudgePrompt(it, { maxBytes: options.maxBytes }),
    completion: VERDICT_COMPLETION[it.verdict],
    group: it.promptId,
  }));
}
