/**
 * One version's numbers for the recalibration decision, on one HeldOutSet (the held-out labels of a
 * recalibration's run, which copies the parent's, so both versions meet the same labels):
 *   - held-out accuracy on the length-balanced held-out labels (balanced-heldout.ts: the number the
 *     acceptance rule protects), and on all of them from the version's Evaluation (shown beside it;
 *     run here when it has none yet);
 *   - the length probe (probe-numbers.ts) on pairs built from those held-out answers;
 *   - for a run's recalibration, the run probe: the same numbers on the run's recent rollouts, as
 *     written and padded the way its policy pads (recent-rollouts.ts), on the half of its prompts the
 *     recalibration did not train on — does this version still pay for what the policy actually does?
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { JudgeBackend, VerdictProbs } from "../../../genrm/types";
import { db } from "../../db/client";
import { createBackend } from "../../genrm-service/create-backend";
import { toServingModel } from "../../genrm-service/resolve-model";
import { probeBudget } from "../../models/evaluation/length-probe";
import { runEvaluation, type EvalMetrics } from "../../models/evaluation/run-evaluation";
import { loadLabels, type DbLabel } from "../../training-data";
import { accuracyOn, balancedHeldOut } from "./balanced-heldout";
import type { ModelEvalNumbers } from "./outcome";
import { buildProbeCases, probeItems, probeNumbers, type ProbeCase } from "./probe-numbers";
import { isProbePrompt, recentRollouts } from "./recent-rollouts";

/** Rollouts in a run probe (×3 items ×2 orders per version). */
const RUN_PROBE_ROLLOUTS = 200;

const BATCH = 32;

export interface HeldOutSet {
  /** the fixed length probe: the same cases for every version evaluated on the set */
  probe: ProbeCase[];
  /** the length-balanced held-out labels accuracy is measured on */
  balanced: DbLabel[];
  /** the run probe: the run's recent rollouts, plain and padded the way its policy pads (empty: no run) */
  runProbe: ProbeCase[];
}

/** The held-out set of a training run; with `rlRunId`, also that RL run's probe. */
export async function heldOutSetFor(heldOutRunId: string, rlRunId?: string | null): Promise<HeldOutSet> {
  const [labels, run] = await Promise.all([
    loadLabels({ trainingRunId: heldOutRunId, heldOut: true }),
    db().trainingRun.findUniqueOrThrow({ where: { id: heldOutRunId }, select: { params: true } }),
  ]);
  // Padded as a judge with this prompt budget reads it (both versions share the parent's shape): an
  // opener that pushed a short answer out of view would measure "the answer vanished", not "words were added".
  const maxBytes = probeBudget(run.params);
  const runProbe = rlRunId ? (await recentRollouts(rlRunId, { maxBytes, max: RUN_PROBE_ROLLOUTS })).padded.filter((r) => isProbePrompt(r.prompt)) : [];
  return {
    probe: buildProbeCases(labels.map((l) => ({ prompt: l.promptText, a: l.aText, b: l.bText })), undefined, { maxBytes }),
    balanced: balancedHeldOut(labels),
    runProbe,
  };
}

async function heldOutAccuracy(modelId: string, evalRunId: string, signal?: AbortSignal): Promise<EvalMetrics> {
  const model = await db().genrmModel.findUniqueOrThrow({ where: { id: modelId }, include: { trainingRun: { select: { id: true } } } });
  const current = model.evalMetrics as Partial<EvalMetrics> | null;
  if (current?.format === "genrm-eval/1" && current.trainingRunId === evalRunId) return current as EvalMetrics;
  // Evaluate now, inline (this job already holds the training queue's one slot).
  const done = await db().evaluation.findFirst({ where: { modelId, status: "succeeded" }, orderBy: { createdAt: "desc" } });
  if (done?.metrics && (done.metrics as Partial<EvalMetrics>).trainingRunId === evalRunId) return done.metrics as unknown as EvalMetrics;
  const evaluation = await db().evaluation.create({ data: { modelId } });
  return runEvaluation(evaluation.id, { signal });
}

export async function evaluateVersion(modelId: string, set: HeldOutSet, opts: { signal?: AbortSignal; backend?: JudgeBackend } = {}): Promise<ModelEvalNumbers> {
  const model = await db().genrmModel.findUniqueOrThrow({ where: { id: modelId }, include: { trainingRun: { select: { id: true } } } });
  if (!model.trainingRun) throw new Error(`GenRM v${model.version} was not trained here: it has no held-out labels`);
  const metrics = await heldOutAccuracy(model.id, model.trainingRun.id, opts.signal);
  const backend = opts.backend ?? (await createBackend(toServingModel(model)!));
  try {
    const balancedAccuracy = await accuracyOn(backend, set.balanced, opts.signal);
    const probeOn = async (cases: readonly ProbeCase[]) => {
      const items = probeItems(cases);
      const probs: VerdictProbs[] = [];
      for (let i = 0; i < items.length; i += BATCH) {
        const res = await judgeBothOrders(backend, items.slice(i, i + BATCH), { signal: opts.signal });
        probs.push(...res.map((r) => r.probs));
      }
      return probeNumbers(cases, probs);
    };
    return {
      modelId: model.id,
      version: model.version,
      name: model.name,
      heldOutAccuracy: balancedAccuracy,
      heldOutN: set.balanced.length,
      heldOutAccuracyAll: metrics.accuracy,
      heldOutNAll: metrics.n,
      probe: await probeOn(set.probe),
      ...(set.runProbe.length > 0 ? { runProbe: await probeOn(set.runProbe) } : {}),
    };
  } finally {
    if (!opts.backend) await backend.close?.().catch(() => undefined);
  }
}
