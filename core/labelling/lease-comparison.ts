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
 * The transaction is the database function genrm_lease_comparison (migration
 * 20261129120000_labelling_functions): one round trip instead of four on the annotators' hottest path.
 */
import { randomUUID, randomInt } from "node:crypto";
import { sql } from "../db/sql-pool";
import { AppError } from "../errors";

export interface Lease {
  assignmentId: string;
  comparisonId: string;
  shownLeft: "a" | "b";
}

const MAX_TRIES = 50;

export async function leaseComparison(datasetId: string, annotatorId: string, gold: boolean, leaseSeconds: number): Promise<Lease | null> {
  const [row] = await sql<{ assignment_id: string | null; comparison_id: string | null; shown_left: "a" | "b" | null; busy: boolean }>(
    `SELECT * FROM genrm_lease_comparison($1, $2, $3, $4, $5, $6, $7)`,
    [datasetId, annotatorId, gold, leaseSeconds, randomUUID(), randomInt(2) === 0 ? "a" : "b", MAX_TRIES],
  );
  if (!row) return null;
  // Only reachable when dozens of candidates were filled under us in one request: say "busy", not "done".
  if (row.busy) throw new AppError("Unavailable", "The queue is busy; try again in a moment", { retryAfterS: 1 });
  return { assignmentId: row.assignment_id!, comparisonId: row.comparison_id!, shownLeft: row.shown_left! };
}
