/** One run for a trainer or a script: settings, control, progress and its alerts (no per-step series). */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { publicRun } from "./create-run";
import { controlOf } from "./get-run-control";
import { loadRunForReader } from "./run-access";
import { alertWithStatus } from "./alert-shape";

export async function getRun(actor: Actor | null, runId: string) {
  const run = await loadRunForReader(actor, runId);
  const [model, agg, alerts, recalibrations] = await Promise.all([
    run.modelId ? db().genrmModel.findUnique({ where: { id: run.modelId }, select: { name: true } }) : null,
    db().rlStep.aggregate({ where: { runId: run.id }, _count: { _all: true }, _max: { step: true } }),
    db().biasAlert.findMany({ where: { runId: run.id }, orderBy: { step: "asc" } }),
    db().recalibration.findMany({
      where: { runId: run.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, status: true, createdAt: true, finishedAt: true, fromModel: { select: { name: true } }, toModel: { select: { name: true } } },
    }),
  ]);
  return {
    run: publicRun(run, model?.name ?? null),
    control: await controlOf(run),
    steps: agg._count._all,
    lastStep: agg._max.step,
    alerts: alerts.map(alertWithStatus),
    recalibrations: recalibrations.map((r) => ({
      id: r.id,
      status: r.status,
      fromModel: r.fromModel.name,
      toModel: r.toModel?.name ?? null,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  };
}
