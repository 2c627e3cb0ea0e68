/**
 * The chain a run went through, in time order: alert → pause → recalibration (training, evaluation)
 * → new version → accepted/rejected → resume. Built from the rows each step already writes
 * (BiasAlert, ControlCommand, Recalibration, TrainingRun, GenrmModel), so nothing can drift.
 */
import { db } from "../db/client";
import type { RecalibrationOutcome } from "./recalibration/outcome";

export type TimelineEvent =
  | { kind: "alert"; at: string; id: string; step: number; detector: string; message: string }
  | { kind: "pause" | "resume"; at: string; id: string; source: string; reason: string; model: string | null; alertId: string | null }
  | { kind: "recalibration"; at: string; id: string; status: string; fromModel: string; reason: string; alertId: string | null }
  | { kind: "training"; at: string; recalibrationId: string; status: string; progress: number }
  | { kind: "version"; at: string; recalibrationId: string; model: string; modelId: string }
  | { kind: "decision"; at: string; recalibrationId: string; status: string; accepted: boolean; checks: { name: string; passed: boolean; detail: string }[]; error?: string };

export async function getRunTimeline(runId: string): Promise<TimelineEvent[]> {
  const [alerts, commands, recals] = await Promise.all([
    db().biasAlert.findMany({ where: { runId }, orderBy: { createdAt: "asc" } }),
    db().controlCommand.findMany({ where: { runId }, orderBy: { createdAt: "asc" }, include: { model: { select: { name: true } } } }),
    db().recalibration.findMany({
      where: { runId },
      orderBy: { createdAt: "asc" },
      include: {
        fromModel: { select: { name: true } },
        toModel: { select: { name: true, createdAt: true } },
        trainingRun: { select: { status: true, progress: true, startedAt: true, createdAt: true } },
      },
    }),
  ]);
  const events: TimelineEvent[] = [];
  for (const a of alerts) events.push({ kind: "alert", at: a.createdAt.toISOString(), id: a.id, step: a.step, detector: a.detector, message: a.message });
  for (const c of commands) {
    events.push({
      kind: c.action === "pause" ? "pause" : "resume",
      at: c.createdAt.toISOString(),
      id: c.id,
      source: c.source,
      reason: c.reason,
      model: c.model?.name ?? null,
      alertId: c.alertId,
    });
  }
  for (const r of recals) {
    events.push({ kind: "recalibration", at: r.createdAt.toISOString(), id: r.id, status: r.status, fromModel: r.fromModel.name, reason: r.reason, alertId: r.alertId });
    if (r.trainingRun) {
      const at = r.trainingRun.startedAt ?? r.trainingRun.createdAt;
      events.push({ kind: "training", at: at.toISOString(), recalibrationId: r.id, status: r.trainingRun.status, progress: r.trainingRun.progress });
    }
    if (r.toModel && r.toModelId) events.push({ kind: "version", at: r.toModel.createdAt.toISOString(), recalibrationId: r.id, model: r.toModel.name, modelId: r.toModelId });
    if (r.finishedAt) {
      const c = r.outcome as RecalibrationOutcome | null;
      events.push({
        kind: "decision",
        at: r.finishedAt.toISOString(),
        recalibrationId: r.id,
        status: r.status,
        accepted: r.status === "accepted",
        // A diagnosis that found no length payment is the decision: shown as its one (failed) check.
        checks:
          c?.decision?.checks ??
          (c?.diagnosis && r.status === "not-biased" ? [{ name: "the GenRM pays for length on the run's rollouts", passed: false, detail: c.diagnosis.message }] : []),
        error: c?.error,
      });
    }
  }
  // Stable order: by time, and for equal times by the chain's logical order.
  const rank: Record<TimelineEvent["kind"], number> = { alert: 0, pause: 1, recalibration: 2, training: 3, version: 4, decision: 5, resume: 6 };
  return events.sort((a, b) => a.at.localeCompare(b.at) || rank[a.kind] - rank[b.kind]);
}
