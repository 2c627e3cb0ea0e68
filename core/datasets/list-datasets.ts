/** Datasets with their sizes and labelling progress, newest first (the researcher's overview). */
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { ownerIdFilter } from "../auth/owner-scope";
import { requireDataManager } from "./access";

export interface DatasetSummary {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  prompts: number;
  responses: number;
  comparisons: number;
  labels: number;
  /** Labels still wanted: Σ max(0, overlap − labels) over non-gold comparisons. */
  labelsWanted: number;
}

export async function listDatasets(actor: Actor): Promise<DatasetSummary[]> {
  const ownerId = ownerIdFilter(requireDataManager(actor));
  // One grouped query per table instead of N+1 counts.
  type Row = Pick<DatasetSummary, "id" | "name" | "description" | "createdAt"> & Record<"prompts" | "responses" | "comparisons" | "labels" | "labelsWanted", bigint | number>;
  const rows = await db().$queryRaw<Row[]>`
    SELECT d.id, d.name, d.description, d."createdAt",
      (SELECT count(*) FROM "Prompt" p WHERE p."datasetId" = d.id) AS prompts,
      (SELECT count(*) FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId" WHERE p."datasetId" = d.id) AS responses,
      (SELECT count(*) FROM "Comparison" c WHERE c."datasetId" = d.id) AS comparisons,
      (SELECT coalesce(sum(c."labelCount"), 0) FROM "Comparison" c WHERE c."datasetId" = d.id) AS labels,
      (SELECT coalesce(sum(greatest(c.overlap - c."labelCount", 0)), 0) FROM "Comparison" c WHERE c."datasetId" = d.id AND NOT c."isGold") AS "labelsWanted"
    FROM "Dataset" d WHERE ${ownerId}::text IS NULL OR d."createdById" = ${ownerId} ORDER BY d."createdAt" DESC`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: r.createdAt,
    prompts: Number(r.prompts),
    responses: Number(r.responses),
    comparisons: Number(r.comparisons),
    labels: Number(r.labels),
    labelsWanted: Number(r.labelsWanted),
  }));
}
