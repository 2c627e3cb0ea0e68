/** Everything the dataset page shows: settings, sizes, models, comparison progress, imports, flags. */
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "./access";

export async function getDataset(actor: Actor, id: string) {
  requireDataManager(actor);
  const dataset = await findDatasetOr404(id, actor);
  const client = db();
  const [prompts, models, comparisons, imports, flags, activeLeases] = await Promise.all([
    client.prompt.count({ where: { datasetId: id } }),
    client.$queryRaw<Array<{ model: string; answers: bigint; meanChars: number }>>`
      SELECT r.model, count(*) AS answers, avg(r."charLen")::float AS "meanChars"
      FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId" WHERE p."datasetId" = ${id}
      GROUP BY r.model ORDER BY r.model`,
    client.$queryRaw<Array<{ mode: string; isGold: boolean; total: bigint; labels: bigint; complete: bigint; wanted: bigint; imported: bigint }>>`
      SELECT c.mode::text AS mode, c."isGold", count(*) AS total, coalesce(sum(c."labelCount"), 0) AS labels,
        count(*) FILTER (WHERE c.overlap > 0 AND c."labelCount" >= c.overlap) AS complete,
        coalesce(sum(greatest(c.overlap - c."labelCount", 0)), 0) AS wanted,
        count(*) FILTER (WHERE c."importedVerdict" IS NOT NULL) AS imported
      FROM "Comparison" c WHERE c."datasetId" = ${id} GROUP BY 1, 2 ORDER BY 1, 2`,
    client.datasetImport.findMany({ where: { datasetId: id }, orderBy: { createdAt: "desc" }, take: 20 }),
    client.assignment.findMany({
      where: { state: "flagged", comparison: { datasetId: id } },
      orderBy: { updatedAt: "desc" },
      take: 50,
      select: { id: true, comparisonId: true, flagReason: true, updatedAt: true },
    }),
    client.assignment.count({ where: { state: "active", leaseExpiresAt: { gt: new Date() }, comparison: { datasetId: id } } }),
  ]);
  return {
    dataset,
    prompts,
    models: models.map((m) => ({ model: m.model, answers: Number(m.answers), meanChars: Math.round(m.meanChars) })),
    comparisons: comparisons.map((c) => ({ mode: c.mode, isGold: c.isGold, total: Number(c.total), labels: Number(c.labels), complete: Number(c.complete), wanted: Number(c.wanted), imported: Number(c.imported) })),
    imports,
    flags,
    activeLeases,
  };
}
