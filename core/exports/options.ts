/** The export choices, validated once (query string of GET /api/datasets/:id/export). */
import { z } from "zod";

export const EXPORT_FORMATS = ["trl", "genrm", "labels", "hh", "hf"] as const;

export const exportInput = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be ${EXPORT_FORMATS.slice(0, -1).join(", ")} or ${EXPORT_FORMATS.at(-1)}` }),
  /** Export a snapshot of the dataset (its frozen comparisons and labels) instead of the dataset as it is now. */
  snapshot: z.string({ error: "snapshot must be a snapshot id" }).min(1, "snapshot must be a snapshot id").max(64, "snapshot must be a snapshot id").optional(),
  /** TRL: drop ties (default) or keep each as two mirrored rows marked tie:true. */
  ties: z.enum(["exclude", "keep"], { error: "ties must be exclude or keep" }).default("exclude"),
  /** Consensus / training weights: every annotator equal, or weighted by gold-based trust. */
  weighting: z.enum(["none", "trust"], { error: "weighting must be none or trust" }).default("none"),
  /** Raw labels: include free-text rationales (may hold personal details; off by default). */
  rationale: z.enum(["0", "1"]).default("0"),
  /** Hugging Face folder: share of prompts in the test split (the training run's held-out rule). */
  test: z.coerce.number({ error: "test must be a number" }).min(0, "test must be between 0 and 0.5").max(0.5, "test must be between 0 and 0.5").default(0.2),
  /** Hugging Face folder: seed of the split (a training run's splitSeed holds out the same prompts). */
  seed: z.coerce.number({ error: "seed must be a whole number" }).int("seed must be a whole number").min(0, "seed must be at least 0").max(2 ** 31 - 1, "seed is too large").default(1),
  /** Hugging Face folder: the card's licence (a Hub licence id such as cc-by-4.0, mit, apache-2.0; "other" by default). */
  license: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, "license must be a licence id such as cc-by-4.0, mit or other").default("other"),
});
export type ExportInput = z.input<typeof exportInput>;
