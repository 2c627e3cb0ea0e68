/**
 * The tournaments index: recent runs with progress, plus what the start form offers (datasets with
 * answer counts, GenRM versions a run may use): the actor's own runs and datasets (core/auth/owner-scope).
 */
import type { Actor } from "../auth/actor";
import { createdByScope } from "../auth/owner-scope";
import { requireTournamentUser } from "./access";
import { db } from "../db/client";

export async function listTournamentRuns(actor: Actor, opts: { limit?: number } = {}) {
  const mine = createdByScope(requireTournamentUser(actor));
  const [runs, datasets, models] = await Promise.all([
    db().tournamentRun.findMany({
      where: mine,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(Math.max(opts.limit ?? 50, 1), 200),
      include: { dataset: { select: { id: true, name: true } }, model: { select: { id: true, version: true, name: true } } },
    }),
    db().dataset.findMany({ where: mine, orderBy: { createdAt: "desc" }, select: { id: true, name: true, _count: { select: { prompts: true } } } }),
    db().genrmModel.findMany({
      where: { status: { in: ["active", "candidate", "retired"] } },
      orderBy: { version: "desc" },
      select: { id: true, version: true, name: true, status: true, backend: true },
    }),
  ]);
  return {
    runs: runs.map((r) => ({
      id: r.id,
      dataset: r.dataset,
      model: r.model,
      status: r.status,
      seed: r.seed,
      total: r.total,
      done: r.done,
      judgeCalls: r.judgeCalls,
      error: r.error,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
    datasets: datasets.map((d) => ({ id: d.id, name: d.name, prompts: d._count.prompts })),
    models,
  };
}
