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
 */
import { randomUUID, randomInt } from "node:crypto";
import { db, Prisma } from "../db/client";
import { AppError } from "../errors";
import { blocksAnnotator, liveLeases, NOW_UTC, TX_OPTIONS } from "./sql";

export interface Lease {
  assignmentId: string;
  comparisonId: string;
  shownLeft: "a" | "b";
}

const MAX_TRIES = 50;

export async function leaseComparison(datasetId: string, annotatorId: string, gold: boolean, leaseSeconds: number): Promise<Lease | null> {
  const room = gold ? Prisma.sql`TRUE` : Prisma.sql`c."labelCount" < c.overlap AND c."labelCount" + ${liveLeases} < c.overlap`;
  const free = Prisma.sql`NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = ${annotatorId} AND ${blocksAnnotator("m")})`;
  return db().$transaction(async (tx) => {
    const tried: string[] = [];
    for (let i = 0; i < MAX_TRIES; i++) {
      const picked = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT c.id FROM "Comparison" c
        WHERE c."datasetId" = ${datasetId} AND c."isGold" = ${gold} AND c.id <> ALL(${tried}::text[]) AND ${free} AND ${room}
        ORDER BY c."datasetId", c."isGold", c.id
        LIMIT 1
        FOR UPDATE OF c SKIP LOCKED`;
      const id = picked[0]?.id;
      if (!id) return null;
      const rows = await tx.$queryRaw<Array<{ id: string; shownLeft: "a" | "b" }>>`
        INSERT INTO "Assignment" (id, "comparisonId", "annotatorId", state, "shownLeft", "leaseExpiresAt", "createdAt", "updatedAt")
        SELECT ${randomUUID()}, c.id, ${annotatorId}, 'active', ${randomInt(2) === 0 ? "a" : "b"}, ${NOW_UTC} + make_interval(secs => ${leaseSeconds}), ${NOW_UTC}, ${NOW_UTC}
        FROM "Comparison" c WHERE c.id = ${id} AND ${free} AND ${room}
        ON CONFLICT ("comparisonId", "annotatorId") DO UPDATE
          SET state = 'active', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", "updatedAt" = EXCLUDED."updatedAt", "flagReason" = NULL
          WHERE "Assignment".state = 'expired' OR ("Assignment".state = 'active' AND "Assignment"."leaseExpiresAt" <= ${NOW_UTC})
        RETURNING id, "shownLeft"`;
      if (!rows[0]) {
        tried.push(id); // filled (or taken by this annotator in another tab) since the first look
        continue;
      }
      return { assignmentId: rows[0].id, comparisonId: id, shownLeft: rows[0].shownLeft };
    }
    // Only reachable when dozens of candidates were filled under us in one request: say "busy", not "done".
    throw new AppError("Unavailable", "The queue is busy; try again in a moment", { retryAfterS: 1 });
  }, TX_OPTIONS);
}
