/**
 * The wire format of one RL step report (POST /api/v1/runs/:id/steps), snake_case like monitoring's
 * StepReport. Lengths are characters. Every number must be finite; a bad field → 400 naming it.
 */
import { z } from "zod";

/** Whole request bodies above this are refused with 413 before parsing (a step is ~100 KB typically). */
export const STEP_MAX_BYTES = 4_000_000;
export const STEP_MAX_SAMPLES = 1024;

const num = (what: string) => z.number({ error: `${what} must be a number` }).finite(`${what} must be finite`);
const share = (what: string) => num(what).min(0, `${what} must be in [0, 1]`).max(1, `${what} must be in [0, 1]`);

export const stepMetricsInput = z
  .object({
    length_mean: num("length_mean").min(0, "length_mean must be ≥ 0"),
    length_p50: num("length_p50").min(0, "length_p50 must be ≥ 0"),
    length_p90: num("length_p90").min(0, "length_p90 must be ≥ 0"),
    reward_mean: num("reward_mean"),
    reward_std: num("reward_std").min(0, "reward_std must be ≥ 0"),
    /** verifiable accuracy over the batch, when the task has a verifier */
    accuracy: share("accuracy").nullable().optional(),
    /** win rate against a gold judge, when the trainer has one instead of a verifier */
    gold_win_rate: share("gold_win_rate").nullable().optional(),
  })
  // Trainers may add their own numbers (kl, entropy…): kept and shown, but numbers only.
  .catchall(z.number({ error: "extra metrics must be numbers" }).finite().nullable());

export const sampleInput = z
  .object({
    prompt: z.string({ error: "prompt must be a string" }).max(100_000, "prompt is longer than 100,000 characters"),
    response: z.string({ error: "response must be a string" }).max(400_000, "response is longer than 400,000 characters"),
    reward: num("reward"),
    /** characters; default: the response's length */
    length: z.number({ error: "length must be a number" }).int("length must be an integer").min(0).optional(),
    /** verifier outcome: boolean, a score in [0, 1], or null */
    correct: z.union([z.boolean(), share("correct")]).nullable().optional(),
    /** characters of the prompt's reference answer (for the LC win rate); default: looked up */
    reference_length: z.number().int().min(1).optional(),
  })
  .strict();

export const postStepInput = z
  .object({
    step: z
      .number({ error: "step must be a number" })
      .int("step must be an integer")
      .min(0, "step must be ≥ 0")
      .max(1_000_000_000, "step is too large"),
    metrics: stepMetricsInput,
    samples: z.array(sampleInput).max(STEP_MAX_SAMPLES, `at most ${STEP_MAX_SAMPLES} samples per step`).default([]),
    /** the GenRM version that produced these rewards; default: the run's current one */
    model: z.union([z.string().trim().min(1).max(100), z.number().int().min(0)]).optional(),
  })
  .strict();

export type PostStepInput = z.output<typeof postStepInput>;
