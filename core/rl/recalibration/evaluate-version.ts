/**
 * One version's numbers for the recalibration decision:
 *   - held-out accuracy from its Evaluation (core/models/evaluation), run here when it has none yet on
 *     the held-out labels of `heldOutRunId` — the recalibrated version's run copies the parent's, so
 *     both versions are scored on the same labels;
 *   - the length probe (probe-numbers.ts) on pairs built from those held-out answers.
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { JudgeBackend, VerdictProbs } from "../../../genrm/types";
import { db } from "../../db/client";
import { createBackend } from "../../genrm-service/create-backend";
import { toServingModel } from "../../genrm-service/resolve-model";
import { runEvaluation, type EvalMetrics } from "../../models/evaluation/run-evaluation";
import { loadLabels } from "../../training-data";
import type { ModelEvalNumbers } from "./outcome";
import { buildProbeCases, probeItems, probeNumbers, type ProbeCase } from "./probe-numbers";

const BATCH = 32;

/** The fixed probe of a held-out set: the same cases for every version evaluated on it. */
export async function probeFor(heldOutRunId: string): Promise<ProbeCase[]> {
  const labels = await loadLabels({ trainingRunId: heldOutRunId, heldOut: true });
  return buildProbeCases(labels.map((l) => ({ prompt: l.promptText, a: l.aText, b: l.bText })));
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

export async function evaluateVersion(modelId: string, probe: ProbeCase[], opts: { signal?: AbortSignal; backend?: JudgeBackend } = {}): Promise<ModelEvalNumbers> {
  const model = await db().genrmModel.findUniqueOrThrow({ where: { id: modelId }, include: { trainingRun: { select: { id: true } } } });
  if (!model.trainingRun) throw new Error(`GenRM v${model.version} was not trained here: it has no held-out labels`);
  const metrics = await heldOutAccuracy(model.id, model.trainingRun.id, opts.signal);
  const backend = opts.backend ?? (await createBackend(toServingModel(model)!));
  try {
    const items = probeItems(probe);
    const probs: VerdictProbs[] = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const res = await judgeBothOrders(backend, items.slice(i, i + BATCH), { signal: opts.signal });
      probs.push(...res.map((r) => r.probs));
    }
    return {
      modelId: model.id,
      version: model.version,
      name: model.name,
      heldOutAccuracy: metrics.accuracy,
      heldOutN: metrics.n,
      probe: probeNumbers(probe, probs),
    };
  } finally {
    if (!opts.backend) await backend.close?.().catch(() => undefined);
  }
}
