/** The snapshot operations people and programs call: take one, list a dataset's, find one for an export. */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { findDatasetOr404, requireDataManager } from "../datasets/access";
import { AppError } from "../errors";
import { takeSnapshot, type TakenSnapshot } from "./take-snapshot";

export async function createSnapshot(actor: Actor | null, datasetId: string): Promise<TakenSnapshot> {
  const user = requireDataManager(actor);
  await findDatasetOr404(datasetId, user);
  return takeSnapshot(datasetId, user.userId ?? null);
}

export async function listSnapshots(actor: Actor | null, datasetId: string) {
  await findDatasetOr404(datasetId, requireDataManager(actor));
  const snapshots = await db().datasetSnapshot.findMany({
    where: { datasetId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, contentHash: true, comparisonCount: true, labelCount: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return snapshots.map(({ createdBy, ...s }) => ({ ...s, createdBy: createdBy?.name ?? null }));
}

/** A snapshot of this dataset, or a 4xx naming the mistake (an unknown id, or another dataset's snapshot). */
export async function findSnapshotOf(datasetId: string, snapshotId: string) {
  const s = await db().datasetSnapshot.findUnique({ where: { id: snapshotId }, select: { id: true, datasetId: true, contentHash: true } });
  if (!s || s.datasetId !== datasetId) throw new AppError("NotFound", `Snapshot ${snapshotId} not found in this dataset`, { field: "snapshot" });
  return s;
}
