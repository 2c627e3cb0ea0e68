/**
 * "Give me the next comparison": resumes the annotator's live lease in this dataset if there is one
 * (a reload or a second tab gets the same task, so nobody hoards leases), otherwise leases a new one
 * (lease-comparison.ts) — a gold item with probability `goldRate` while they have gold left, else the
 * next comparison that still needs labels. Returns the blind task view and the annotator's progress;
 * `task: null` means nothing is left for them in this dataset.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { sql } from "../db/sql-pool";
import { notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireLabeller } from "./access";
import { getProgress, type Progress } from "./get-progress";
import { leaseComparison } from "./lease-comparison";
import { blocksAnnotator, LIVE_LEASES, NOW_UTC } from "./sql";
import { taskViewWithProgress, type TaskView } from "./task-view";

export const nextAssignmentInput = z.object({
  datasetId: z.string({ error: "datasetId is required" }).min(1, "datasetId is required").max(64),
});

export interface NextAssignment {
  task: TaskView | null;
  progress: Progress;
}

const uniform = () => randomInt(1_000_000) / 1_000_000;

async function hasRegularWork(datasetId: string, annotatorId: string): Promise<boolean> {
  const [row] = await sql<{ open: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "Comparison" c WHERE c."datasetId" = $1 AND NOT c."isGold" AND c."labelCount" + ${LIVE_LEASES} < c.overlap
       AND NOT ${blocksAnnotator("$2")}) AS open`,
    [datasetId, annotatorId],
  );
  return row!.open;
}

export async function nextAssignment(actor: Actor, input: z.input<typeof nextAssignmentInput>, opts: { random?: () => number } = {}): Promise<NextAssignment> {
  const me = requireLabeller(actor);
  const { datasetId } = nextAssignmentInput.parse(input);
  // The dataset's settings and the annotator's live lease in it (a reload resumes it), in one query.
  const [ds] = await sql<{ goldRate: number; leaseSeconds: number; live: string | null }>(
    `SELECT d."goldRate", d."leaseSeconds",
       (SELECT a.id FROM "Assignment" a JOIN "Comparison" c ON c.id = a."comparisonId"
        WHERE a."annotatorId" = $1 AND a.state = 'active' AND a."leaseExpiresAt" > ${NOW_UTC} AND c."datasetId" = d.id
        ORDER BY a."updatedAt" DESC LIMIT 1) AS live
     FROM "Dataset" d WHERE d.id = $2`,
    [me.userId, datasetId],
  );
  if (!ds) throw notFound("Dataset");
  let assignmentId = ds.live ?? undefined;
  if (!assignmentId) {
    // Gold only mixes in: when the regular work is done, the annotator is done (whatever the coin says).
    const wantGold = ds.goldRate > 0 && (opts.random ?? uniform)() < ds.goldRate && (await hasRegularWork(datasetId, me.userId));
    const pools = wantGold ? [true, false] : [false];
    for (const gold of pools) {
      const lease = await leaseComparison(datasetId, me.userId, gold, ds.leaseSeconds);
      if (lease) {
        assignmentId = lease.assignmentId;
        break;
      }
    }
  }
  if (!assignmentId) return { task: null, progress: await getProgress(me.userId, datasetId) };
  return taskViewWithProgress(assignmentId, me.userId, datasetId);
}
