/**
 * The deterministic "judge" behind the fakes: each answer gets a pseudo-quality from a hash of its text,
 * the verdict logits follow the quality difference, plus optional position and length biases (so bias
 * detectors and debiasing have something real to find). Same input → same output, in any batch.
 * Not a model of anything: only for tests, demos and benchmarks.
 */
import { createHash } from "node:crypto";
import type { JudgeItem, Verdict, VerdictProbs } from "../../types";
import { probsFromLogprobs } from "../../verdicts";

export interface FakeScoringOptions {
  /** Changes every answer's pseudo-quality (a different "model"). Default "". */
  salt?: string;
  /** Added to the better-logit and taken from the worse-logit whatever the content: a judge favouring the candidate slot. Default 0. */
  positionBias?: number;
  /** Pull toward the longer answer: adds lengthBias·tanh((len(candidate) − len(reference)) / 500) to the quality difference. Default 0. */
  lengthBias?: number;
}

/** Pseudo-quality in [−1, 1] from sha256(salt, text). */
export function textQuality(text: string, salt = ""): number {
  const h = createHash("sha256").update(salt).update("\u0000").update(text).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 2 - 1;
}

export function fakeVerdictLogits(item: JudgeItem, opts: FakeScoringOptions = {}): Record<Verdict, number> {
  const salt = opts.salt ?? "";
  let d = textQuality(item.candidate, salt) - textQuality(item.reference, salt);
  if (opts.lengthBias) d += opts.lengthBias * Math.tanh((item.candidate.length - item.reference.length) / 500);
  const bias = opts.positionBias ?? 0;
  return { better: 2 * d + bias, same: 1 - 2 * Math.abs(d), worse: -2 * d - bias };
}

export function fakeVerdictProbs(item: JudgeItem, opts: FakeScoringOptions = {}): VerdictProbs {
  return probsFromLogprobs(fakeVerdictLogits(item, opts));
}
