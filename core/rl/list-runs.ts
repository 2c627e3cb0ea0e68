/**
 * Every RL run a researcher may see (a trainer's key: its owner's runs), with its control state, and
 * the lineage across runs: which GenRM version judged which steps of which run, and where each
 * version came from (parent, recalibration).
 */
import { requireResearcherOrScope, type Actor } from "../auth/actor";
import { ownedBy } from "../auth/owner-scope";
import { db } from "../db/client";

export interface LineageUse {
  runId: string;
  runName: string;
  fromStep: number;
  toStep: number;
  steps: number;
}

export interface LineageModel {
  id: string;
  version: number;
  name: string;
  status: string;
  parentId: string | null;
  /** set when this version came out of a run's recalibration */
  recalibratedFor: { runId: string; runName: string; accepted: boolean } | null;
  uses: LineageUse[];
}

export async function listRuns(actor: Actor | null) {
  const who = requireResearcherOrScope(actor, "runs:write");
  const runs = await db().rlRun.findMany({
    where: ownedBy(who, "ownerId"),
    orderBy: { createdAt: "desc" },
    take: 500,
    include: {
      owner: { select: { email: true } },
      model: { select: { name: true, version: true } },
      _count: { select: { steps: true, alerts: true } },
    },
  });
  const runIds = runs.map((r) => r.id);
  const [usage, lastSteps, recals] = await Promise.all([
    db().rlStep.groupBy({ by: ["runId", "modelId"], where: { runId: { in: runIds } }, _min: { step: true }, _max: { step: true }, _count: { _all: true } }),
    db().rlStep.groupBy({ by: ["runId"], where: { runId: { in: runIds } }, _max: { step: true } }),
    db().recalibration.findMany({ where: { runId: { in: runIds }, toModelId: { not: null } }, select: { runId: true, toModelId: true, status: true } }),
  ]);
  const runName = new Map(runs.map((r) => [r.id, r.name]));
  const modelIds = new Set<string>();
  for (const u of usage) if (u.modelId) modelIds.add(u.modelId);
  for (const r of runs) if (r.modelId) modelIds.add(r.modelId);
  for (const r of recals) if (r.toModelId) modelIds.add(r.toModelId);
  // Walk parents so the lineage shows where each version came from.
  const models = new Map<string, { id: string; version: number; name: string; status: string; parentId: string | null }>();
  let frontier = [...modelIds];
  while (frontier.length) {
    const rows = await db().genrmModel.findMany({
      where: { id: { in: frontier } },
      select: { id: true, version: true, name: true, status: true, parentId: true },
    });
    for (const m of rows) models.set(m.id, m);
    frontier = rows.map((m) => m.parentId).filter((p): p is string => !!p && !models.has(p));
  }
  const lineage: LineageModel[] = [...models.values()]
    .sort((a, b) => a.version - b.version)
    .map((m) => {
      const recal = recals.find((r) => r.toModelId === m.id);
      return {
        ...m,
        recalibratedFor: recal?.runId ? { runId: recal.runId, runName: runName.get(recal.runId) ?? "", accepted: recal.status === "accepted" } : null,
        uses: usage
          .filter((u) => u.modelId === m.id)
          .map((u) => ({ runId: u.runId, runName: runName.get(u.runId) ?? "", fromStep: u._min.step ?? 0, toStep: u._max.step ?? 0, steps: u._count._all }))
          .sort((a, b) => a.runName.localeCompare(b.runName) || a.fromStep - b.fromStep),
      };
    });
  return {
    runs: runs.map((r) => ({
      id: r.id,
      name: r.name,
      policy: r.policy,
      owner: r.owner.email,
      model: r.model?.name ?? null,
      control: r.controlAction,
      controlReason: r.controlReason,
      steps: r._count.steps,
      lastStep: lastSteps.find((s) => s.runId === r.id)?._max.step ?? null,
      alerts: r._count.alerts,
      createdAt: r.createdAt.toISOString(),
    })),
    lineage,
  };
}
