/**
 * An annotator's progress: labels today (UTC day, all datasets), labels in this dataset, and how many
 * comparisons of the dataset are still open to them (need labels, not yet labelled/skipped/flagged by
 * them; some may be taken by others meanwhile, so "up to").
 */
import { db } from "../db/client";
import { NOW_UTC } from "./sql";

export interface Progress {
  doneToday: number;
  doneInDataset: number;
  remaining: number;
}

export async function getProgress(annotatorId: string, datasetId: string): Promise<Progress> {
  const [row] = await db().$queryRaw<Array<Record<keyof Progress, bigint>>>`
    SELECT
      (SELECT count(*) FROM "Label" l WHERE l."annotatorId" = ${annotatorId} AND l."createdAt" >= date_trunc('day', ${NOW_UTC})) AS "doneToday",
      (SELECT count(*) FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId" WHERE l."annotatorId" = ${annotatorId} AND c."datasetId" = ${datasetId}) AS "doneInDataset",
      (SELECT count(*) FROM "Comparison" c WHERE c."datasetId" = ${datasetId} AND NOT c."isGold" AND c."labelCount" < c.overlap
         AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = ${annotatorId} AND m.state IN ('done', 'skipped', 'flagged'))) AS remaining`;
  return { doneToday: Number(row!.doneToday), doneInDataset: Number(row!.doneInDataset), remaining: Number(row!.remaining) };
}
