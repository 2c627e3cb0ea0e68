/**
 * What a new label sets in motion beyond the labelling tables, found with ONE indexed query so ordinary
 * datasets pay a single round trip: in an RL run's human-check queue, the run's detectors re-run; in a
 * dataset with active labelling whose open uncertain comparisons fell below half the budget, a
 * `labelling.refresh-uncertain` job tops the queue up (deduplicated: one refresh at a time per dataset).
 */
import { sql } from "../db/sql-pool";
import { enqueueJob } from "../queue/queues";
import { recheckRunAfterLabel } from "../rl/human-checks/recheck-run";

export async function afterLabel(assignmentId: string): Promise<void> {
  const [row] = await sql<{ datasetId: string; runId: string | null; budget: number | null; open: string | null }>(
    `SELECT c."datasetId", r.id AS "runId",
       (d."activeLabelling"->>'budget')::int AS budget,
       CASE WHEN d."activeLabelling" IS NULL THEN NULL ELSE
         (SELECT count(*) FROM "Comparison" u WHERE u."datasetId" = c."datasetId" AND u.uncertainty IS NOT NULL AND u."labelCount" < u.overlap) END AS open
     FROM "Assignment" a JOIN "Comparison" c ON c.id = a."comparisonId" JOIN "Dataset" d ON d.id = c."datasetId"
     LEFT JOIN "RlRun" r ON r."humanDatasetId" = d.id
     WHERE a.id = $1`,
    [assignmentId],
  );
  if (!row) return;
  if (row.runId) await recheckRunAfterLabel(row.runId);
  if (row.budget !== null && Number(row.open) < row.budget / 2) {
    await enqueueJob("labelling.refresh-uncertain", { datasetId: row.datasetId }, { deduplication: { id: `refresh-uncertain:${row.datasetId}` } }).catch((e) => {
      // The label is stored; the queue still holds uncertain work and the next label retries the refresh.
      console.error(JSON.stringify({ event: "refresh_uncertain_enqueue_failed", datasetId: row.datasetId, error: (e as Error).message }));
    });
  }
}
