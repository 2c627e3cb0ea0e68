/**
 * Who may manage datasets: a researcher the datasets they created, an admin every dataset, and programs
 * holding an API key with the `data:write` scope the datasets of the person who created the key.
 * Annotators never reach dataset management; they see comparisons only through core/labelling.
 */
import { requireResearcherOrScope, type Actor } from "../auth/actor";
import { createdByScope, ownerIdFilter } from "../auth/owner-scope";
import { db } from "../db/client";
import { notFound } from "../errors";

export function requireDataManager(actor: Actor | null | undefined) {
  return requireResearcherOrScope(actor, "data:write");
}

/**
 * The dataset, or 404. Call after the role check so a refusal never reveals whether an id exists.
 * Another researcher's dataset answers exactly like a missing one.
 */
export async function findDatasetOr404(id: string, actor: Actor) {
  const ds = await db().dataset.findFirst({ where: { id, ...createdByScope(actor) } });
  if (!ds) throw notFound("Dataset");
  return ds;
}

/** How a shared thing that names another researcher's dataset (a GenRM version's lineage) shows it. */
export const OTHERS_DATASET_NAME = "another researcher's dataset";

/**
 * The datasets behind something everyone may see (a GenRM version, its training run), named for the
 * actor: their own by name, another researcher's only as such.
 */
export async function datasetNamesFor(actor: Actor, ids: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  const owner = ownerIdFilter(actor);
  const rows = await db().dataset.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, createdById: true } });
  return rows.map((d) => ({ id: d.id, name: owner === null || d.createdById === owner ? d.name : OTHERS_DATASET_NAME }));
}
