/** One import's status, progress, counts and line-numbered errors (polled by the dataset page). */
import { db } from "../db/client";
import { notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "./access";

export async function getImport(actor: Actor, datasetId: string, importId: string) {
  requireDataManager(actor);
  await findDatasetOr404(datasetId, actor);
  const imp = await db().datasetImport.findFirst({ where: { id: importId, datasetId } });
  if (!imp) throw notFound("Import");
  return imp;
}
