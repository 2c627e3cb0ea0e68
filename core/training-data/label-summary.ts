/**
 * What a set of datasets would give a trainer, counted in SQL without reading any text: labels and
 * the verdict classes of the rows they become. Lets "start training" refuse bad input at once.
 */
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Verdict } from "../../genrm/types";

export interface LabelSummary {
  labels: number;
  /** Training-row verdicts the labels yield (a pairwise label yields two rows). */
  rowClasses: Record<Verdict, number>;
}

export async function summarizeLabels(datasetIds: string[]): Promise<LabelSummary> {
  if (datasetIds.length === 0) throw new Error("datasetIds must not be empty");
  const rows = await db().$queryRaw<Array<{ mode: string; verdict: string; n: bigint }>>`
    SELECT c."mode"::text AS mode, l."verdict" AS verdict, count(*) AS n
    FROM "Label" l JOIN "Comparison" c ON c."id" = l."comparisonId"
    WHERE c."datasetId" = ANY(${datasetIds})
    GROUP BY 1, 2`;
  const s: LabelSummary = { labels: 0, rowClasses: { better: 0, same: 0, worse: 0 } };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.mode === "vs_reference" && (r.verdict === "better" || r.verdict === "same" || r.verdict === "worse")) s.rowClasses[r.verdict] += n;
    else if (r.mode === "pairwise" && (r.verdict === "a" || r.verdict === "b")) {
      s.rowClasses.better += n;
      s.rowClasses.worse += n;
    } else if (r.mode === "pairwise" && r.verdict === "tie") s.rowClasses.same += 2 * n;
    else continue; // a verdict that does not fit its mode is ignored by the export too
    s.labels += n;
  }
  return s;
}

/** Throws the message a researcher sees when these labels cannot train a judge. */
export function assertTrainable(rowClasses: Record<Verdict, number>, labels: number, where = "the selected datasets"): void {
  if (labels === 0) throw new AppError("Unprocessable", `No labels yet in ${where}: an empty dataset cannot train a judge. Label some comparisons first.`, { field: "datasetIds" });
  const present = (Object.keys(rowClasses) as Verdict[]).filter((v) => rowClasses[v] > 0);
  if (present.length < 2) {
    throw new AppError(
      "Unprocessable",
      `Only a single label class in ${where} (every training row says "${present[0] ?? "?"}", ${labels} labels): a judge needs at least two different verdicts to learn.`,
      { field: "datasetIds" },
    );
  }
}
