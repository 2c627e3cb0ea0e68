/** The export choices, validated once (query string of GET /api/datasets/:id/export). */
import { z } from "zod";

export const exportInput = z.object({
  format: z.enum(["trl", "genrm", "labels"], { error: "format must be trl, genrm or labels" }),
  /** TRL: drop ties (default) or keep each as two mirrored rows marked tie:true. */
  ties: z.enum(["exclude", "keep"], { error: "ties must be exclude or keep" }).default("exclude"),
  /** Consensus / training weights: every annotator equal, or weighted by gold-based trust. */
  weighting: z.enum(["none", "trust"], { error: "weighting must be none or trust" }).default("none"),
  /** Raw labels: include free-text rationales (may hold personal details; off by default). */
  rationale: z.enum(["0", "1"]).default("0"),
});
export type ExportInput = z.input<typeof exportInput>;
