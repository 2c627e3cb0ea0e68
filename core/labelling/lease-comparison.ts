/**
 * The concurrency core of assignment: leases one comparison of a dataset to an annotator so that the
 * k-overlap is exactly honoured with many annotators at once.
 *
 * In one transaction: walk the dataset's comparisons in queue order (index datasetId, isGold, id) and
 * lock the first one that still has room (labels + live leases < overlap) and that this annotator has
 * neither finished nor holds, with FOR UPDATE SKIP LOCKED (others racing for it move on to the next).
 * That check ran on the statement's snapshot; the INSERT is a NEW statement, so its re-check sees every
 * committed lease — and every writer of a comparison's assignments (lease, submit) holds this row lock —
 * so if someone filled it meanwhile, nothing is inserted and we move on. Re-leasing the annotator's own
 * expired assignment updates that row (keeping its side order). Gold comparisons have no overlap cap:
 * everyone may answer each once (that is how gold accuracy is compared across annotators).
 * Runs on the plain pg pool (core/db/sql-pool.ts): this is the hottest path of the annotators' loop.
 */
import { randomUUID, randomInt } from "node:crypto";
import { sqlTx } from "../db/sql-pool";
import { AppError } from "../errors";
import { blocksAnnotator, LIVE_LEASES, NOW_UTC } from "./sql";

export interface Lease {
  assignmentId: string;
  comparisonId: string;
  shownLeft: "a" | "b";
}

const MAX_TRIES = 50;
const ROOM = `c."labelCount" < c.overlap AND c."labelCount" + ${LIVE_LEASES} < c.overlap`;

// $1 dataset, $2 gold, $3 annotator, $4 ids already tried
const PICK = (gold: boolean) => `
  SELECT c.id FROM "Comparison" c
  WHERE c."datasetId" = $1 AND c."isGold" = $2 AND c.id <> ALL($4::text[]) AND NOT ${blocksAnnotator("$3")} AND ${gold ? "TRUE" : ROOM}
  ORDER BY c."datasetId", c."isGold", c.id
  LIMIT 1
  FOR UPDATE OF c SKIP LOCKED`;

// $1 comparison, $2 annotator, $3 new id, $4 side shown left, $5 lease seconds
const INSERT = (gold: boolean) => `
  INSERT INTO "Assignment" (id, "comparisonId", "annotatorId", state, "shownLeft", "leaseExpiresAt", "createdAt", "updatedAt")
  SELECT $3, c.id, $2, 'active', $4, ${NOW_UTC} + make_interval(secs => $5), ${NOW_UTC}, ${NOW_UTC}
  FROM "Comparison" c WHERE c.id = $1 AND NOT ${blocksAnnotator("$2")} AND ${gold ? "TRUE" : ROOM}
  ON CONFLICT ("comparisonId", "annotatorId") DO UPDATE
    SET state = 'active', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", "updatedAt" = EXCLUDED."updatedAt", "flagReason" = NULL
    WHERE "Assignment".state = 'expired' OR ("Assignment".state = 'active' AND "Assignment"."leaseExpiresAt" <= ${NOW_UTC})
  RETURNING id, "shownLeft"`;

export async function leaseComparison(datasetId: string, annotatorId: string, gold: boolean, leaseSeconds: number): Promise<Lease | null> {
  return sqlTx(async (q) => {
    const tried: string[] = [];
    for (let i = 0; i < MAX_TRIES; i++) {
      const [picked] = await q<{ id: string }>(PICK(gold), [datasetId, gold, annotatorId, tried]);
      if (!picked) return null;
      const [row] = await q<{ id: string; shownLeft: "a" | "b" }>(INSERT(gold), [picked.id, annotatorId, randomUUID(), randomInt(2) === 0 ? "a" : "b", leaseSeconds]);
      if (!row) {
        tried.push(picked.id); // filled (or taken by this annotator in another tab) since the first look
        continue;
      }
      return { assignmentId: row.id, comparisonId: picked.id, shownLeft: row.shownLeft };
    }
    // Only reachable when dozens of candidates were filled under us in one request: say "busy", not "done".
    throw new AppError("Unavailable", "The queue is busy; try again in a moment", { retryAfterS: 1 });
  });
}
