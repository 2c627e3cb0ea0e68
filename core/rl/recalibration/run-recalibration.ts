/**
 * The recalibration pipeline (job rl.recalibrate; also the demo seed and the closed-loop test):
 *
 *   diagnosing → does the run's version pay for length on the run's own recent rollouts (diagnose-run.ts)?
 *                no → "not-biased": nothing is trained, the run stays paused with the diagnosis as its
 *                reason (continue or stop is a person's call: the growth is the policy's own drift)
 *   pending    → a TrainingRun (purpose "recalibration", parent = the run's version, the parent's params)
 *   training   → core/models runTraining with this run's rows as its data source: length-balanced
 *                labels + counterfactual pairs (build-data.ts); the real trainer, the version registered
 *                as a candidate
 *   evaluating → both versions on the same held-out labels and the same length probe (evaluate-version)
 *              (a candidate that keeps its accuracy but still pays for length is followed by one trained
 *              with more counterfactual pairs, one that lost accuracy by one trained on the other kind of
 *              data, build-data.ts recipesFor; the earlier ones stay in the outcome)
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
import type { TrainingDataSource } from "../../models/training-data-source";
import { applyControl } from "../apply-control";
import { DEFAULT_ACCEPTANCE, type AcceptanceRule, type EarlierCandidate, type RecalibrationOutcome, type TrainingDataNumbers } from "./outcome";
import { buildRecalibrationData, recipesFor } from "./build-data";
import { adviceFor, decideRecalibration, nextRecipe, probeCorrDrop, probeUsed } from "./decide";
import { diagnoseRun } from "./diagnose-run";
import { evaluateVersion, heldOutSetFor } from "./evaluate-version";
import { runPaddings } from "./recent-rollouts";
import type { Padding } from "./run-padding";

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


async function setOutcome(id: string, patch: Partial<RecalibrationOutcome>, data: Prisma.RecalibrationUpdateInput = {}) {
  const row = await db().recalibration.findUniqueOrThrow({ where: { id }, select: { outcome: true } });
  const outcome = { ...((row.outcome ?? {}) as RecalibrationOutcome), ...patch };
  return db().recalibration.update({ where: { id }, data: { ...data, outcome: outcome as Prisma.InputJsonValue } });
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

type RecalibrationRow = Prisma.RecalibrationGetPayload<{ include: { fromModel: { include: { trainingRun: true } } } }>;

/**
 * Trains the recalibration's current training run on the balanced rows (resumes from the trainer's
 * checkpoint on a retry), then evaluates both versions on the same held-out labels and the same probe.
 * The recipe is the one the outcome names (recipeIndex; the first when none).
 */
async function trainAndDecide(recal: RecalibrationRow, parentRun: { id: string }, paddings: readonly Padding[], hooks: RecalibrationHooks, log: (s: string) => Promise<void>) {
  const trainingRunId = recal.trainingRunId!;
  const recipes = recipesFor(paddings.length);
  const recipeIndex = Math.min(((recal.outcome ?? {}) as RecalibrationOutcome).recipeIndex ?? 0, recipes.length - 1);
  const { counterfactualPerLabel, runPadding } = recipes[recipeIndex]!;
  const used = runPadding ? paddings : [];
  let data: TrainingDataNumbers | undefined = ((recal.outcome ?? {}) as RecalibrationOutcome).data;
  const source: TrainingDataSource = async ({ runId, file, params }) => {
    const built = await buildRecalibrationData({ parentRunId: parentRun.id, recalRunId: runId, params, file, counterfactualPerLabel, runPaddings: used });
    data = { ...built.numbers, counterfactualPerLabel, runPaddings: used.length };
    await setOutcome(recal.id, { data });
    await log(
      `recalibration data: ${data.labels} labels, ${data.droppedForBalance} dropped for length balance, ${data.counterfactualPairs} counterfactual pairs (${counterfactualPerLabel} per label; ${used.length} of the run's own paddings), ${data.paddedLabelCopies ?? 0} label copies padded the run's way → ${data.rows} rows`,
    );
    return built.summary;
  };
  await hooks.progress?.(5, { phase: "training" });
  const trained = await runTraining(trainingRunId, {
    data: source,
    enqueueEvaluation: false,
    signal: hooks.signal,
    attempt: hooks.attempt,
    onProgress: (_pd, fraction) => void hooks.progress?.(5 + 70 * fraction, { phase: "training" }),
  });
  if (recal.status !== "evaluating") {
    await db().recalibration.update({ where: { id: recal.id }, data: { toModelId: trained.model.id, status: "evaluating" } });
  }
  await log(`trained GenRM v${trained.model.version}`);

  await hooks.progress?.(80, { phase: "evaluating" });
  const heldOut = await heldOutSetFor(trainingRunId, recal.runId);
  const before = await evaluateVersion(recal.fromModelId, heldOut, { signal: hooks.signal });
  await hooks.progress?.(88, { phase: "evaluating" });
  const after = await evaluateVersion(trained.model.id, heldOut, { signal: hooks.signal });
  const decision = decideRecalibration(before, after, hooks.rule ?? DEFAULT_ACCEPTANCE);
  return { trainingRunId, recipeIndex, model: trained.model, data, before, after, decision };
}

export async function runRecalibration(recalibrationId: string, hooks: RecalibrationHooks = {}) {
  const log = async (s: string) => hooks.log?.(s);
  let recal = await db().recalibration.findUniqueOrThrow({ where: { id: recalibrationId }, include: { fromModel: { include: { trainingRun: true } } } });
  if (["accepted", "rejected", "failed", "not-biased"].includes(recal.status)) return recal;
  try {
    // 0. Diagnosis: only a GenRM that pays for length is worth recalibrating.
    const stored = (recal.outcome ?? {}) as RecalibrationOutcome;
    if (!recal.trainingRunId && recal.runId && !stored.diagnosis && !hooks.skipDiagnosis) {
      await hooks.progress?.(1, { phase: "diagnosing" });
      const diagnosis = await diagnoseRun(recal.runId, recal.fromModelId, { signal: hooks.signal, backend: hooks.diagnosisBackend });
      await log(`diagnosis: ${diagnosis.message}`);
      if (diagnosis.paysForLength === false) {
        await setOutcome(recal.id, { diagnosis }, { status: "not-biased", finishedAt: new Date() });
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
      await setOutcome(recal.id, { diagnosis });
    }
    // 1. Training run.
    const parentRun = recal.fromModel.trainingRun;
    if (!parentRun) throw unprocessable(`${recal.fromModel.name} (v${recal.fromModel.version}) was not trained on this platform: there are no labels to recalibrate it with`);
    if (!recal.trainingRunId) {
      const params = recalParams(parentRun, recal.fromModel, hooks.params ?? {});
      const run = await createTrainingRun(params, { createdById: recal.createdById, purpose: "recalibration" });
      await setOutcome(recal.id, { rule: hooks.rule ?? DEFAULT_ACCEPTANCE }, { trainingRun: { connect: { id: run.id } }, status: "training" });
      recal = await db().recalibration.findUniqueOrThrow({ where: { id: recalibrationId }, include: { fromModel: { include: { trainingRun: true } } } });
    }
    // 2–3, once per candidate recipe (build-data.ts recipesFor, decide.ts nextRecipe): a stronger one
    // while the candidate keeps its content accuracy but still pays for length, the other kind of data
    // when it lost content accuracy. The run is paused: its recent rollouts, and so the padding read off
    // them, stay as they are.
    const paddings = recal.runId ? await runPaddings(recal.runId) : [];
    const recipes = recipesFor(paddings.length);
    let attempt = await trainAndDecide(recal, parentRun, paddings, hooks, log);
    for (let nextIndex = nextRecipe(recipes, attempt.recipeIndex, attempt.decision); nextIndex !== null; nextIndex = nextRecipe(recipes, attempt.recipeIndex, attempt.decision)) {
      const next = recipes[nextIndex]!;
      await log(
        next.runPadding === recipes[attempt.recipeIndex]!.runPadding
          ? `the candidate kept its accuracy but failed a length check: training another with ${next.counterfactualPerLabel} counterfactual answers per label`
          : `the candidate lost content accuracy: training another with ${next.counterfactualPerLabel} counterfactual answers per label padded with ${next.runPadding ? "the run's own padding" : "generic filler"}`,
      );
      const earlier: EarlierCandidate = { trainingRunId: attempt.trainingRunId, modelId: attempt.model.id, data: attempt.data, after: attempt.after, decision: attempt.decision };
      const stored = (recal.outcome ?? {}) as RecalibrationOutcome;
      const params = recalParams(parentRun, recal.fromModel, hooks.params ?? {});
      const run = await createTrainingRun(params, { createdById: recal.createdById, purpose: "recalibration" });
      await setOutcome(
        recal.id,
        { earlier: [...(stored.earlier ?? []), earlier], recipeIndex: nextIndex, data: undefined, after: undefined, decision: undefined, advice: undefined },
        { trainingRun: { connect: { id: run.id } }, toModel: { disconnect: true }, status: "training", finishedAt: null },
      );
      recal = await db().recalibration.findUniqueOrThrow({ where: { id: recalibrationId }, include: { fromModel: { include: { trainingRun: true } } } });
      attempt = await trainAndDecide(recal, parentRun, paddings, hooks, log);
    }
    const { before, after, decision, model: trainedModel } = attempt;
    const used = probeUsed(before, after);
    const corrOf = (m: typeof before) => (used === "run" ? m.runProbe?.corr : m.probe.corr);
    const rule = hooks.rule ?? DEFAULT_ACCEPTANCE;
    const accuracyDeltaPts = before.heldOutAccuracy === null || after.heldOutAccuracy === null ? null : 100 * (after.heldOutAccuracy - before.heldOutAccuracy);
    const status = decision.accepted ? "accepted" : "rejected";
    const advice = adviceFor(decision);
    await setOutcome(recal.id, { before, after, decision, rule, probeCorrDrop: probeCorrDrop(before, after), probeUsed: used, accuracyDeltaPts, advice }, { status, finishedAt: new Date() });
    await log(`${status}: ${decision.checks.map((c) => `${c.passed ? "✓" : "✗"} ${c.name}: ${c.detail}`).join("; ")}`);

    // 4. Act on it.
    if (decision.accepted && recal.runId) {
      await applyControl(recal.runId, {
        action: "continue",
        modelId: trainedModel.id,
        reason: `Recalibrated: ${after.name} replaces ${before.name} (${used === "run" ? "run probe" : "probe"} corr ${corrOf(before)?.toFixed(3)} → ${corrOf(after)?.toFixed(3)}, held-out accuracy ${((before.heldOutAccuracy ?? 0) * 100).toFixed(1)} → ${((after.heldOutAccuracy ?? 0) * 100).toFixed(1)} %)`,
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
    await setOutcome(recal.id, { error: (error as Error).message }, { status: "failed", finishedAt: new Date() });
    await log(`failed: ${(error as Error).message}`);
    return db().recalibration.findUniqueOrThrow({ where: { id: recal.id } });
  }
}

