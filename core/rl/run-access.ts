/**
 * Who may touch an RL run, in one place (conventions §4):
 * - read (dashboards, control): any researcher/admin session, or an API key of the run's owner;
 * - write steps: an API key with `runs:write` whose user owns the run;
 * - control and recalibration by hand: the owner's session, or an admin.
 * A run that exists but belongs to someone else answers exactly like a missing one (404): ids leak nothing.
 */
import { requireResearcherOrScope, requireRole, requireScope, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { invalid, notFound } from "../errors";

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkRunId(runId: string): string {
  if (typeof runId !== "string" || !RUN_ID.test(runId)) throw invalid("run id must be 1–64 letters, digits, '-' or '_'", "id");
  return runId;
}

/** Trainer writes (steps): the key's user must own the run. */
export async function loadRunForWriter(actor: Actor | null, runId: string) {
  const key = requireScope(actor, "runs:write");
  const run = await db().rlRun.findFirst({ where: { id: checkRunId(runId), ownerId: key.userId } });
  if (!run) throw notFound("RL run");
  return run;
}

/** Reads: researchers see every run (team dashboards); a trainer's key sees its owner's runs. */
export async function loadRunForReader(actor: Actor | null, runId: string) {
  const who = requireResearcherOrScope(actor, "runs:write");
  const where = who.kind === "apiKey" ? { id: checkRunId(runId), ownerId: who.userId } : { id: checkRunId(runId) };
  const run = await db().rlRun.findFirst({ where });
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
