/**
 * What a person sees of the things people create (datasets, tournaments, RL runs): their own. An admin's
 * session sees everyone's (admins look after the whole installation); an API key acts for its owner only,
 * whatever the owner's role. Someone else's thing answers exactly like a missing one (404).
 */
import type { Actor } from "./actor";

/** The user id things must belong to, or null when the actor sees everyone's. */
export function ownerIdFilter(actor: Actor): string | null {
  if (actor.kind === "user" && actor.role === "admin") return null;
  if (!actor.userId) throw new Error("actor without a user id"); // never let undefined widen a filter
  return actor.userId;
}

/** The `where` part that limits a query to what the actor sees, on the table's owner column. */
export function ownedBy<K extends string>(actor: Actor, column: K): Partial<Record<K, string>> {
  const id = ownerIdFilter(actor);
  return (id === null ? {} : { [column]: id }) as Partial<Record<K, string>>;
}

/** `ownedBy` for the tables whose owner column is `createdById` (datasets, tournament runs). */
export const createdByScope = (actor: Actor) => ownedBy(actor, "createdById");
