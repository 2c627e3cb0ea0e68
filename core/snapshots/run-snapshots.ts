/**
 * The snapshots a training run cites: the ones it was given (checked: each of one of its datasets, at
 * most one per dataset) and, for every other dataset, one taken when the run is created. The run then
 * trains on exactly those labels (core/training-data export filter), however many arrive later.
 */
import { db } from "../db/client";
import { AppError } from "../errors";
import { takeSnapshot } from "./take-snapshot";

export async function checkRunSnapshots(datasetIds: string[], snapshotIds: string[]): Promise<void> {
  const found = await db().datasetSnapshot.findMany({ where: { id: { in: snapshotIds } }, select: { id: true, datasetId: true } });
  const missing = snapshotIds.filter((id) => !found.some((s) => s.id === id));
  if (missing.length) throw new AppError("Unprocessable", `Snapshot not found: ${missing.join(", ")}`, { field: "snapshotIds" });
  const stray = found.filter((s) => !datasetIds.includes(s.datasetId));
  if (stray.length) throw new AppError("Unprocessable", `Snapshot ${stray[0]!.id} is not of one of the selected datasets`, { field: "snapshotIds" });
  if (new Set(found.map((s) => s.datasetId)).size !== found.length) throw new AppError("Unprocessable", "At most one snapshot per dataset", { field: "snapshotIds" });
}

/** One snapshot id per dataset, in `datasetIds` order. */
export async function snapshotsForRun(datasetIds: string[], given: string[], createdById: string | null): Promise<string[]> {
  const givenOf = new Map((await db().datasetSnapshot.findMany({ where: { id: { in: given } }, select: { id: true, datasetId: true } })).map((s) => [s.datasetId, s.id]));
  const out: string[] = [];
  for (const datasetId of datasetIds) out.push(givenOf.get(datasetId) ?? (await takeSnapshot(datasetId, createdById)).id);
  return out;
}
