/**
 * The recalibration pipeline (job rl.recalibrate; also the demo seed and the closed-loop test):
 *
 *   diagnosing → does the run's version pay for length on the run's own recent rollouts (diagnose-run.ts)?
 *                no → "not-biased": nothing is trained, the run stays paused with the diagnosis as its
 *                reason (continue or stop is a person's call: the growth is the policy's own drift)
 *   pending    → a TrainingRun (purpose "recalibration", parent = the run's version, the parent's
 *                params) and its data: length-balanced labels + counterfactual pairs (build-data.ts)
 *   training   → core/models runTraining: the real trainer, the version registered as a candidate
 *   evaluating → both versions on the same held-out labels and the same length probe (evaluate-version)
 *   accepted   → the run continues with the new version (ControlCommand source "recalibration"),
 *                the alert is resolved;  rejected → the run stays as it is, numbers shown
 *
 * Idempotent: each phase is recorded on the Recalibration row before the next starts, and every step
 * below it (training, evaluation) is itself resumable, so a retried job picks up where one died.
 * Failures that retrying cannot fix mark the row failed (with the message) and do not throw.
 */
import type { JudgeBackend } from "../../../genrm/types";
import { db, type Prisma } from "../../db/client";
import { createTrainingRun } from "../../models/start-training-run";
import { runTraining } from "../../models/run-training";
import { isPermanentError, unprocessable } from "../../errors";
import { trainingParamsSchema, type TrainingParams } from "../../models/training-params";
import { runTrainFile } from "../../models/paths";
import { saveRunTrainFile } from "../../models/run-files";
import { applyControl } from "../apply-control";
import { DEFAULT_ACCEPTANCE, type AcceptanceRule, type RecalibrationComparison } from "./comparison";
import { buildRecalibrationData } from "./build-data";
import { adviceFor, decideRecalibration, probeCorrDrop } from "./decide";
import { diagnoseRun } from "./diagnose-run";
import { evaluateVersion, probeFor } from "./evaluate-version";

export interface RecalibrationHooks {
  signal?: AbortSignal;
  log?(line: string): void | Promise<void>;
  progress?(pct: number, detail?: Record<string, unknown>): void | Promise<void>;
  rule?: AcceptanceRule;
  /** Skip the diagnosis (a researcher who asks for a recalibration regardless). */
  skipDiagnosis?: boolean;
  /** The judge the diagnosis uses instead of the version's own backend (tests). */
  diagnosisBackend?: JudgeBackend;
  /** Override trainer knobs for this recalibration (tests train small). */
  params?: Partial<TrainingParams>;
  attempt?: number;
}


async function setComparison(id: string, patch: Partial<RecalibrationComparison>, data: Prisma.RecalibrationUpdateInput = {}) {
  const row = await db().recalibration.findUniqueOrThrow({ where: { id }, select: { comparison: true } });
  const comparison = { ...((row.comparison ?? {}) as RecalibrationComparison), ...patch };
  return db().recalibration.update({ where: { id }, data: { ...data, comparison: comparison as Prisma.InputJsonValue } });
}

/**
 * A fine-tune, not a second training: a quarter of the parent's epochs at half its learning rate.
 * Enough to unlearn the length preference (the closed-loop test's probe corr fell 80 %), close enough
 * to the parent to keep its held-out accuracy (+1.1 points there). The parent's full schedule cost
 * 2.1 points, half of it still 3.2, and the rule allows 2.
 */
function fineTuneSchedule(parentParams: unknown): Partial<TrainingParams> {
  const p = parentParams as { lr?: unknown; epochs?: unknown };
  return {
    ...(typeof p.lr === "number" ? { lr: p.lr / 2 } : {}),
    ...(typeof p.epochs === "number" ? { epochs: Math.max(1, Math.ceil(p.epochs / 4)) } : {}),
  };
}

/** Parent params → the recalibration's: same datasets, split and model shape; new name and parent. */
function recalParams(parent: { params: unknown; kind: string; datasetIds: string[] }, from: { id: string; version: number }, extra: Partial<TrainingParams>): TrainingParams {
  return trainingParamsSchema.parse({
    ...(parent.params as object),
    kind: parent.kind,
    datasetIds: parent.datasetIds,
    // A fine-tune of the parent: it keeps what the parent learnt about content, and unlearns the
    // length preference from the balanced labels and counterfactual pairs (from scratch, the smaller
    // balanced set cost held-out accuracy).
    warmStart: parent.kind === "tiny" || parent.kind === "lora",
    ...fineTuneSchedule(parent.params),
    ...extra,
    name: `v${from.version} length-recalibrated`,
    parentModelId: from.id,
  });
}

export async function runRecalibration(recalibrationId: string, hooks: RecalibrationHooks = {}) {
  const log = async (s: string) => hooks.log?.(s);
  let recal = await db().recalibration.findUniqueOrThrow({ where: { id: recalibrationId }, include: { fromModel: { include: { trainingRun: true } } } });
  if (["accepted", "rejected", "failed", "not-biased"].includes(recal.status)) return recal;
  try {
    // 0. Diagnosis: only a GenRM that pays for length is worth recalibrating.
    const stored = (recal.comparison ?? {}) as RecalibrationComparison;
    if (!recal.trainingRunId && recal.runId && !stored.diagnosis && !hooks.skipDiagnosis) {
      await hooks.progress?.(1, { phase: "diagnosing" });
      const diagnosis = await diagnoseRun(recal.runId, recal.fromModelId, { signal: hooks.signal, backend: hooks.diagnosisBackend });
      await log(`diagnosis: ${diagnosis.message}`);
      if (diagnosis.paysForLength === false) {
        await setComparison(recal.id, { diagnosis }, { status: "not-biased", finishedAt: new Date() });
        await applyControl(recal.runId, {
          action: "pause",
          reason: `Diagnosis: ${diagnosis.message}. No recalibration was trained; continue or stop the run on its page.`,
          source: "recalibration",
          onlyIf: "pause",
          updateReason: true,
        });
        await hooks.progress?.(100, { phase: "not-biased" });
        return db().recalibration.findUniqueOrThrow({ where: { id: recal.id } });
      }
      await setComparison(recal.id, { diagnosis });
    }
    // 1. Training run + data.
    if (!recal.trainingRunId) {
      const parentRun = recal.fromModel.trainingRun;
      if (!parentRun) throw unprocessable(`${recal.fromModel.name} (v${recal.fromModel.version}) was not trained on this platform: there are no labels to recalibrate it with`);
      const params = recalParams(parentRun, recal.fromModel, hooks.params ?? {});
      const run = await createTrainingRun(params, { createdById: recal.createdById, purpose: "recalibration" });
      const { summary, numbers } = await buildRecalibrationData({ parentRunId: parentRun.id, recalRunId: run.id, params, file: runTrainFile(run.id) });
      await saveRunTrainFile(run.id); // a retry on another worker trains on these rows, not a fresh export
      // run-training.ts treats a written file + progressData.export as "already exported" and trains on it.
      await db().trainingRun.update({
        where: { id: run.id },
        data: { labelCount: summary.trainLabels + summary.heldoutLabels, progressData: { phase: "queued", points: [], export: summary } as unknown as Prisma.InputJsonValue },
      });
      await setComparison(recal.id, { data: numbers, rule: hooks.rule ?? DEFAULT_ACCEPTANCE }, { trainingRun: { connect: { id: run.id } }, status: "training" });
      await log(`recalibration data: ${numbers.labels} labels, ${numbers.droppedForBalance} dropped for length balance, ${numbers.counterfactualPairs} counterfactual pairs → ${numbers.rows} rows`);
      recal = await db().recalibration.findUniqueOrThrow({ where: { id: recalibrationId }, include: { fromModel: { include: { trainingRun: true } } } });
    }
    const trainingRunId = recal.trainingRunId!;

    // 2. Train (resumes from the trainer's checkpoint on a retry; returns the version when done).
    await hooks.progress?.(5, { phase: "training" });
    const trained = await runTraining(trainingRunId, {
      enqueueEvaluation: false,
      signal: hooks.signal,
      attempt: hooks.attempt,
      onProgress: (_pd, fraction) => void hooks.progress?.(5 + 70 * fraction, { phase: "training" }),
    });
    if (recal.status !== "evaluating") {
      await db().recalibration.update({ where: { id: recal.id }, data: { toModelId: trained.model.id, status: "evaluating" } });
    }
    await log(`trained GenRM v${trained.model.version}`);

    // 3. Evaluate both versions on the same held-out labels and the same probe.
    await hooks.progress?.(80, { phase: "evaluating" });
    const probe = await probeFor(trainingRunId);
    const before = await evaluateVersion(recal.fromModelId, probe, { signal: hooks.signal });
    await hooks.progress?.(88, { phase: "evaluating" });
    const after = await evaluateVersion(trained.model.id, probe, { signal: hooks.signal });
    const rule = hooks.rule ?? DEFAULT_ACCEPTANCE;
    const decision = decideRecalibration(before, after, rule);
    const accuracyDeltaPts = before.heldOutAccuracy === null || after.heldOutAccuracy === null ? null : 100 * (after.heldOutAccuracy - before.heldOutAccuracy);
    const status = decision.accepted ? "accepted" : "rejected";
    const advice = adviceFor(decision);
    await setComparison(recal.id, { before, after, decision, rule, probeCorrDrop: probeCorrDrop(before, after), accuracyDeltaPts, advice }, { status, finishedAt: new Date() });
    await log(`${status}: ${decision.checks.map((c) => `${c.passed ? "✓" : "✗"} ${c.name}: ${c.detail}`).join("; ")}`);

    // 4. Act on it.
    if (decision.accepted && recal.runId) {
      await applyControl(recal.runId, {
        action: "continue",
        modelId: trained.model.id,
        reason: `Recalibrated: ${after.name} replaces ${before.name} (probe corr ${before.probe.corr?.toFixed(3)} → ${after.probe.corr?.toFixed(3)}, held-out accuracy ${((before.heldOutAccuracy ?? 0) * 100).toFixed(1)} → ${((after.heldOutAccuracy ?? 0) * 100).toFixed(1)} %)`,
        source: "recalibration",
        alertId: recal.alertId ?? undefined,
      });
      if (recal.alertId) await db().biasAlert.update({ where: { id: recal.alertId }, data: { status: "resolved" } });
    } else if (recal.runId) {
      // The run stays paused: its reason now says which rule failed and what to try, for the page and
      // for a trainer polling the control.
      await applyControl(recal.runId, {
        action: "pause",
        reason: `Recalibration to ${after.name} rejected: ${advice.join("; ")}. Continue on ${before.name}, stop, or try again from the run page.`,
        source: "recalibration",
        onlyIf: "pause",
        updateReason: true,
      });
    }
    await hooks.progress?.(100, { phase: status });
    return db().recalibration.findUniqueOrThrow({ where: { id: recal.id } });
  } catch (error) {
    const permanent = isPermanentError(error);
    if (!permanent) throw error; // BullMQ retries; the phases above resume
    await setComparison(recal.id, { error: (error as Error).message }, { status: "failed", finishedAt: new Date() });
    await log(`failed: ${(error as Error).message}`);
    return db().recalibration.findUniqueOrThrow({ where: { id: recal.id } });
  }
}

