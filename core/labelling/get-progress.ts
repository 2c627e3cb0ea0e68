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

/** The progress columns as SQL select items, for the annotator `$a` and dataset `$d` parameters given
 * (next-assignment reads them in the same statement as the task, to save a round trip). */
export const progressColumns = (a: string, d: string) => `
  (SELECT count(*) FROM "Label" l WHERE l."annotatorId" = ${a} AND l."createdAt" >= date_trunc('day', ${NOW_UTC})) AS "doneToday",
  (SELECT count(*) FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId" WHERE l."annotatorId" = ${a} AND c."datasetId" = ${d}) AS "doneInDataset",
  (SELECT count(*) FROM "Comparison" c WHERE c."datasetId" = ${d} AND NOT c."isGold" AND c."labelCount" < c.overlap
     AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = ${a} AND m.state IN ('done', 'skipped', 'flagged'))) AS remaining`;

/** Counts come back from pg as strings (bigint). */
export function toProgress(row: Record<keyof Progress, string | number>): Progress {
  return { doneToday: Number(row.doneToday), doneInDataset: Number(row.doneInDataset), remaining: Number(row.remaining) };
}

export async function getProgress(annotatorId: string, datasetId: string): Promise<Progress> {
  const [row] = await sql<Record<keyof Progress, string>>(`SELECT ${progressColumns("$1", "$2")}`, [annotatorId, datasetId]);
  return toProgress(row!);
}
