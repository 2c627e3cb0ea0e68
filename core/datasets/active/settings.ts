/** A dataset's active-labelling settings (Dataset.activeLabelling), as the API accepts them. */
import { z } from "zod";

export const activeLabellingInput = z
  .object({
    /** open uncertain comparisons kept in the queue; refreshed up to this as labels arrive */
    budget: z.number({ error: "budget must be a number" }).int("budget must be a whole number").min(1, "budget must be at least 1").max(5000, "budget is at most 5,000"),
    overlap: z.number().int().min(1, "overlap must be at least 1").max(20, "overlap is at most 20").default(1),
    /** at most this many picks per prompt in one refresh (uncertain pairs cluster on hard prompts) */
    maxPerPrompt: z.number().int().min(1).max(100).default(1),
    /** candidates judged per refresh, across sources (judging is the cost) */
    maxCandidates: z.number().int().min(1).max(20_000).default(4000),
    sources: z
      .object({
        /** this dataset's own answers: all pairs per prompt, or each vs the prompt's reference */
        dataset: z.enum(["pairwise", "vs_reference"]).optional(),
        /** RL runs whose recent rollouts are candidates (each vs its prompt's reference) */
        runs: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "run ids are 1–64 letters, digits, '-' or '_'")).max(20).optional(),
        /** tournaments' undecided prompts (a pluggable source) */
        undecided: z.boolean().optional(),
      })
      .strict()
      .refine((s) => s.dataset !== undefined || (s.runs?.length ?? 0) > 0 || s.undecided === true, { message: "choose at least one source: dataset, runs or undecided" }),
  })
  .strict();

export type ActiveLabelling = z.output<typeof activeLabellingInput>;
export type ActiveLabellingInput = z.input<typeof activeLabellingInput>;
