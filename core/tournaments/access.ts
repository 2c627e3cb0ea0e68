/**
 * Who may see a tournament run: researchers their own runs, admins every run (core/auth/owner-scope).
 * Another researcher's run answers exactly like a missing one.
 */
import { requireRole, type Actor } from "../auth/actor";
import { createdByScope } from "../auth/owner-scope";
import { db } from "../db/client";
import { notFound } from "../errors";

export const requireTournamentUser = (actor: Actor | null | undefined) => requireRole(actor, "researcher");

/** The run's id if the actor may see it, else 404. */
export async function findTournamentRunOr404(actor: Actor, runId: string): Promise<string> {
  const user = requireTournamentUser(actor);
  const run = await db().tournamentRun.findFirst({ where: { id: String(runId), ...createdByScope(user) }, select: { id: true } });
  if (!run) throw notFound("Tournament run");
  return run.id;
}
