/**
 * Runs the length-bias detectors over a run's steps after each report, stores alerts that are new
 * (BiasAlert is unique per run, detector and step, so re-evaluating history writes nothing twice), and
 * applies the run's auto policy: pause (autoPause) and start a recalibration (autoRecalibrate).
 * The detectors are pure functions of the step-ordered summaries (monitoring/), so late and repeated
 * steps are handled by recomputing from the stored summaries.
 */
import { evaluateDetectors, type Alert, type StepSummary } from "../../monitoring/index";
import { db } from "../db/client";
import { applyControl } from "./apply-control";
import { effectiveDetectorConfig } from "./detector-config";
import { humanChecksByStep } from "./human-checks/human-check-stats";
import { createRecalibration } from "./start-recalibration";
import { toSummary } from "./step-derived";
import { alertFields } from "./alert-shape";

/** Stored step summaries, with the human checks labelled so far joined in (they arrive after the steps). */
export async function loadSummaries(runId: string): Promise<StepSummary[]> {
  const [rows, human] = await Promise.all([
    db().rlStep.findMany({ where: { runId }, orderBy: { step: "asc" }, select: { derived: true } }),
    humanChecksByStep(runId),
  ]);
  return rows
    .map((r) => toSummary(r.derived))
    .filter((s): s is StepSummary => s !== null)
    .map((s) => (human.has(s.step) ? { ...s, humanCheck: human.get(s.step)! } : s));
}

export async function runDetectors(runId: string) {
  const run = await db().rlRun.findUniqueOrThrow({ where: { id: runId } });
  const alerts: Alert[] = evaluateDetectors(await loadSummaries(runId), effectiveDetectorConfig(run.detectorConfig));
  if (alerts.length === 0) return [];
  const fresh = await db().biasAlert.createManyAndReturn({
    data: alerts.map((a) => ({ runId, ...alertFields(a) })),
    skipDuplicates: true,
  });
  if (fresh.length === 0) return [];
  const first = [...fresh].sort((a, b) => a.step - b.step || a.createdAt.getTime() - b.createdAt.getTime())[0]!;
  if (run.autoPause) {
    await applyControl(runId, {
      action: "pause",
      reason: `Auto-paused: ${first.message}`,
      source: "auto",
      alertId: first.id,
      onlyIf: "continue",
    });
  }
  if (run.autoRecalibrate && run.modelId) {
    await createRecalibration({ runId, alertId: first.id, reason: `Automatic, after: ${first.message}` }, true);
  }
  return fresh;
}
