/** The labelling home: every dataset with comparisons, how much is open to this annotator, and today's count. */
import { sql } from "../db/sql-pool";
import type { Actor } from "../auth/actor";
import { requireLabeller } from "./access";
import { NOW_UTC } from "./sql";

export interface LabelQueue {
  datasetId: string;
  name: string;
  remaining: number;
  done: number;
}

export async function listQueues(actor: Actor): Promise<{ queues: LabelQueue[]; doneToday: number }> {
  const me = requireLabeller(actor);
  const rows = await sql<{ datasetId: string; name: string; remaining: string; done: string }>(
    `SELECT d.id AS "datasetId", d.name,
       (SELECT count(*) FROM "Comparison" c WHERE c."datasetId" = d.id AND NOT c."isGold" AND c."labelCount" < c.overlap
          AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = $1 AND m.state IN ('done', 'skipped', 'flagged'))) AS remaining,
       (SELECT count(*) FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId" WHERE l."annotatorId" = $1 AND c."datasetId" = d.id) AS done
     FROM "Dataset" d
     WHERE EXISTS (SELECT 1 FROM "Comparison" c WHERE c."datasetId" = d.id AND c.overlap > 0)
     ORDER BY d."createdAt" DESC`,
    [me.userId],
  );
  const [today] = await sql<{ n: string }>(`SELECT count(*) AS n FROM "Label" WHERE "annotatorId" = $1 AND "createdAt" >= date_trunc('day', ${NOW_UTC})`, [me.userId]);
  return {
    queues: rows.map((r) => ({ datasetId: r.datasetId, name: r.name, remaining: Number(r.remaining), done: Number(r.done) })),
    doneToday: Number(today!.n),
  };
}
