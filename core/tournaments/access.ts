/**
 * Who may see tournament runs: researchers their own, admins every run (core/auth/owner-scope's
 * `createdByScope` on the run). Another researcher's run answers exactly like a missing one.
 */
import { requireRole, type Actor } from "../auth/actor";

export const requireTournamentUser = (actor: Actor | null | undefined) => requireRole(actor, "researcher");
