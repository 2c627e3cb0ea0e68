/**
 * Takes a snapshot of a dataset: hashes its comparisons and labels (content-hash.ts) and records which
 * ones it holds, all inside one REPEATABLE READ transaction so the hash and the recorded rows describe the
 * same moment even while annotators keep labelling. The same content taken twice returns the first
 * snapshot (found by its hash); nothing is ever updated.
 */
import { randomUUID } from "node:crypto";
import { db, Prisma } from "../db/client";
import { SnapshotHasher, type SnapshotComparison, type SnapshotLabel } from "./content-hash";

const PAGE = 5000;
/** A big dataset takes a while to hash; the transaction must outlive it. */
const TX_TIMEOUT_MS = 30 * 60_000;

type Tx = Prisma.TransactionClient;

export interface TakenSnapshot {
  id: string;
  contentHash: string;
  comparisonCount: number;
  labelCount: number;
  /** False when an identical snapshot already existed and was returned instead. */
  created: boolean;
}

/** Visits every row a keyset-paged query returns (ordered by id, PAGE at a time); returns how many. */
async function forEachPage<T extends { id: string }>(page: (after: string) => Promise<T[]>, visit: (row: T) => void): Promise<number> {
  let count = 0;
  for (let after = ""; ; ) {
    const rows = await page(after);
    for (const r of rows) visit(r);
    count += rows.length;
    if (rows.length < PAGE) return count;
    after = rows[rows.length - 1]!.id;
  }
}

async function hashDataset(tx: Tx, datasetId: string) {
  const hasher = new SnapshotHasher(datasetId);
  const comparisons = await forEachPage(
    (after) =>
      tx.$queryRawUnsafe<SnapshotComparison[]>(
        `SELECT c.id, c.mode::text AS mode, p.key AS "promptKey", ra.key AS "aKey", rb.key AS "bKey", c."isGold", c."goldVerdict", c."importedVerdict"
       FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId" JOIN "Response" ra ON ra.id = c."responseAId" JOIN "Response" rb ON rb.id = c."responseBId"
       WHERE c."datasetId" = $1 AND c.id COLLATE "C" > $2 ORDER BY c.id COLLATE "C" LIMIT ${PAGE}`,
        datasetId,
        after,
      ),
    (r) => hasher.comparison(r),
  );
  const labels = await forEachPage(
    (after) =>
      tx.$queryRawUnsafe<SnapshotLabel[]>(
        `SELECT l.id, l."comparisonId", l."annotatorId", l.verdict, l.strength
       FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId"
       WHERE c."datasetId" = $1 AND l.id COLLATE "C" > $2 ORDER BY l.id COLLATE "C" LIMIT ${PAGE}`,
        datasetId,
        after,
      ),
    (r) => hasher.label(r),
  );
  return { contentHash: hasher.digest(), comparisons, labels };
}

async function existing(tx: Tx, contentHash: string): Promise<TakenSnapshot | null> {
  const s = await tx.datasetSnapshot.findUnique({ where: { contentHash }, select: { id: true, contentHash: true, comparisonCount: true, labelCount: true } });
  return s ? { ...s, created: false } : null;
}

/** Snapshot of `datasetId` now (the caller has checked access and that the dataset exists). */
export async function takeSnapshot(datasetId: string, createdById: string | null): Promise<TakenSnapshot> {
  let contentHash = "";
  try {
    return await db().$transaction(
      async (tx) => {
        const h = await hashDataset(tx, datasetId);
        contentHash = h.contentHash;
        const found = await existing(tx, contentHash);
        if (found) return found;
        const id = `snap_${randomUUID().replace(/-/g, "")}`;
        await tx.datasetSnapshot.create({ data: { id, datasetId, contentHash, comparisonCount: h.comparisons, labelCount: h.labels, createdById } });
        await tx.$executeRaw`INSERT INTO "DatasetSnapshotComparison" ("snapshotId", "comparisonId") SELECT ${id}, c.id FROM "Comparison" c WHERE c."datasetId" = ${datasetId}`;
        await tx.$executeRaw`INSERT INTO "DatasetSnapshotLabel" ("snapshotId", "labelId")
          SELECT ${id}, l.id FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId" WHERE c."datasetId" = ${datasetId}`;
        return { id, contentHash, comparisonCount: h.comparisons, labelCount: h.labels, created: true };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: TX_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (e) {
    // Taken at the same moment by another request (same content, same hash: a unique or serialisation
    // conflict): theirs stands.
    const found = contentHash ? await existing(db(), contentHash) : null;
    if (found) return found;
    throw e;
  }
}
