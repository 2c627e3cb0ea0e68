/** What the labelling page needs before the first task: the dataset's name and guidelines. */
import { db } from "../db/client";
import { notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireLabeller } from "./access";

export async function getLabelPage(actor: Actor, datasetId: string) {
  requireLabeller(actor);
  const ds = await db().dataset.findUnique({ where: { id: datasetId }, select: { id: true, name: true, guidelines: true, leaseSeconds: true } });
  if (!ds) throw notFound("Dataset");
  return ds;
}
