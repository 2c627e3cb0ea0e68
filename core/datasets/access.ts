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

/**
 * The dataset, or 404. Call after the role check so a refusal never reveals whether an id exists.
 * People share the lab's datasets; a program's key acts for its owner and reaches only the datasets that
 * owner created — another's answers exactly like a missing one.
 */
export async function findDatasetOr404(id: string, actor?: Actor | null) {
  const ds = await db().dataset.findFirst({ where: { id, ...ownerScope(actor) } });
  if (!ds) throw notFound("Dataset");
  return ds;
}

/** The `where` part that limits an API key to its owner's datasets (nothing for people). */
export function ownerScope(actor: Actor | null | undefined): { createdById?: string } {
  if (actor?.kind !== "apiKey") return {};
  if (!actor.userId) throw new Error("API key actor without a user id"); // never let undefined widen the filter
  return { createdById: actor.userId };
}
