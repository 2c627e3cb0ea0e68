/**
 * Who may manage datasets: researchers/admins (one lab shares its datasets), or programs holding an
 * API key with the `data:write` scope (acting for the researcher who created the key).
 * Annotators never reach dataset management; they see comparisons only through core/labelling.
 */
import { requireResearcherOrScope, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { notFound } from "../errors";

export function requireDataManager(actor: Actor | null | undefined) {
  return requireResearcherOrScope(actor, "data:write");
}

/** The dataset, or 404. Call after the role check so a refusal never reveals whether an id exists. */
export async function findDatasetOr404(id: string) {
  const ds = await db().dataset.findUnique({ where: { id } });
  if (!ds) throw notFound("Dataset");
  return ds;
}
