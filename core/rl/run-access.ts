/**
 * Who may touch an RL run, in one place:
 * - read (dashboards, control): the owner's session, an admin's, or an API key of the run's owner
 *   (`runs:write`; for the control also `judge`, since a judge request naming its run gets the control);
 * - write steps: an API key with `runs:write` whose user owns the run;
 * - control and recalibration by hand: the owner's session, or an admin.
 * A run that exists but belongs to someone else answers exactly like a missing one (404): ids leak nothing.
 */
import { requireResearcherOrScope, requireRole, requireScope, type Actor, type Scope } from "../auth/actor";
import { ownedBy } from "../auth/owner-scope";
import { db } from "../db/client";
import { invalid, notFound } from "../errors";

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkRunId(runId: string, field = "id"): string {
  if (typeof runId !== "string" || !RUN_ID.test(runId)) throw invalid(`${field === "id" ? "run id" : field} must be 1–64 letters, digits, '-' or '_'`, field);
  return runId;
}

/** Trainer writes (steps): the key's user must own the run. */
export async function loadRunForWriter(actor: Actor | null, runId: string) {
  const key = requireScope(actor, "runs:write");
  const run = await db().rlRun.findFirst({ where: { id: checkRunId(runId), ownerId: key.userId } });
  if (!run) throw notFound("RL run");
  return run;
}

/**
 * Reads: a researcher sees their own runs, an admin every run (core/auth/owner-scope); a key holding one
 * of `scopes` sees its owner's runs.
 * `field` names the run id in an error (the judge API takes it as `runId`).
 */
export async function loadRunForReader(actor: Actor | null, runId: string, scopes: readonly Scope[] = ["runs:write"], field = "id") {
  const scope = actor?.kind === "apiKey" ? (scopes.find((s) => actor.scopes.includes(s)) ?? scopes[0]!) : scopes[0]!;
  const who = requireResearcherOrScope(actor, scope);
  const run = await db().rlRun.findFirst({ where: { id: checkRunId(runId, field), ...ownedBy(who, "ownerId") } });
  if (!run) throw notFound("RL run");
  return run;
}

/** Manual control and recalibration: the owner (signed in) or an admin. */
export async function loadRunForController(actor: Actor | null, runId: string) {
  const user = requireRole(actor, "researcher");
  const run = await db().rlRun.findFirst({ where: { id: checkRunId(runId) } });
  if (!run || (run.ownerId !== user.userId && user.role !== "admin")) throw notFound("RL run");
  return { run, user };
}

export const canControlRun = (actor: Actor, run: { ownerId: string }) =>
  actor.kind === "user" && (actor.userId === run.ownerId || actor.role === "admin");
