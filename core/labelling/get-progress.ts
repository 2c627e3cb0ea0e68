/**
 * An annotator's progress: labels today (UTC day, all datasets), labels in this dataset, and how many
 * comparisons of the dataset are still open to them (need labels, not yet labelled/skipped/flagged by
 * them; some may be taken by others meanwhile, so "up to").
 */
import { sql } from "../db/sql-pool";
import { NOW_UTC } from "./sql";

export interface Progress {
  doneToday: number;
  doneInDataset: number;
  remaining: number;
}

export async function getProgress(annotatorId: string, datasetId: string): Promise<Progress> {
  const [row] = await sql<Record<keyof Progress, string>>(
    `SELECT
       (SELECT count(*) FROM "Label" l WHERE l."annotatorId" = $1 AND l."createdAt" >= date_trunc('day', ${NOW_UTC})) AS "doneToday",
       (SELECT count(*) FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId" WHERE l."annotatorId" = $1 AND c."datasetId" = $2) AS "doneInDataset",
       (SELECT count(*) FROM "Comparison" c WHERE c."datasetId" = $2 AND NOT c."isGold" AND c."labelCount" < c.overlap
          AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = $1 AND m.state IN ('done', 'skipped', 'flagged'))) AS remaining`,
    [annotatorId, datasetId],
  );
  return { doneToday: Number(row!.doneToday), doneInDataset: Number(row!.doneInDataset), remaining: Number(row!.remaining) };
}
