/**
 * Who may manage datasets: a researcher the datasets they created, an admin every dataset, and programs
 * holding an API key with the `data:write` scope the datasets of the person who created the key.
 * Annotators never reach dataset management; they see comparisons only through core/labelling.
 */
import { requireResearcherOrScope, type Actor } from "../auth/actor";
import { createdByScope } from "../auth/owner-scope";
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

