/**
 * Who may label: any signed-in person (annotators; researchers and admins may label too, e.g. pilots),
 * always as themselves — the annotator is the session's user, never a parameter. API keys may not label.
 */
import { requireRole, type Actor } from "../auth/actor";

export function requireLabeller(actor: Actor | null | undefined) {
  return requireRole(actor, "annotator", "researcher");
}
