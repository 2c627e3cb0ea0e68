/**
 * The evaluation of one model version on its held-out human labels (split by prompt at training time,
 * never trained on): both-order judgements → accuracy, confusion, swap consistency, ECE + reliability
 * bins, and the length probe. Used by the genrm.evaluate job and by the demo seed.
 * Idempotent: a finished evaluation is returned as is; a retried one recomputes from scratch.
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { JudgeBackend, JudgeItem, VerdictProbs } from "../../../genrm/types";
import { db, type Prisma } from "../../db/client";
import { AppError } from "../../errors";
import { createBackend } from "../../genrm-service/create-backend";
import { toServingModel } from "../../genrm-service/resolve-model";
import { loadLabels, toJudgeCase } from "../../training-data";
import { heldoutMetrics, type HeldoutMetrics, type JudgedCase } from "./metrics";
import { buildLengthProbe, lengthProbeResult, type LengthProbeResult } from "./length-probe";
import { heldoutRunFor } from "./heldout-run";

export const EVAL_FORMAT = "genrm-eval/1";
const BATCH = 32;

/** What Evaluation.metrics and GenrmModel.evalMetrics hold. */
export interface EvalMetrics extends HeldoutMetrics {
  format: typeof EVAL_FORMAT;
  lengthProbe: LengthProbeResult;
  heldoutLabels: number;
  heldoutComparisons: number;
  heldoutPrompts: number;
  trainingRunId: string;
  evaluationId: string;
  judgments: number;
  seconds: number;
  evaluatedAt: string;
}

export interface EvaluationHooks {
  onProgress?(done: number, total: number): void | Promise<void>;
  /** Tests and benchmarks may pass a backend; otherwise the model's own (core/genrm-service). */
  backend?: JudgeBackend;
  signal?: AbortSignal;
}

async function judgeInBatches(backend: JudgeBackend, items: JudgeItem[], hooks: EvaluationHooks, offset: number, total: number) {
  const out: Array<{ probs: VerdictProbs; forward: VerdictProbs; consistent: boolean }> = [];
  for (let i = 0; i < items.length; i += BATCH) {
    if (hooks.signal?.aborted) throw new Error("evaluation aborted");
    const res = await judgeBothOrders(backend, items.slice(i, i + BATCH), { signal: hooks.signal });
    for (const r of res) out.push({ probs: r.probs, forward: r.orders.forward, consistent: r.consistent });
    await hooks.onProgress?.(offset + Math.min(items.length, i + BATCH), total);
  }
  return out;
}

export async function runEvaluation(evaluationId: string, hooks: EvaluationHooks = {}): Promise<EvalMetrics> {
  const evaluation = await db().evaluation.findUnique({ where: { id: evaluationId }, include: { model: { include: { trainingRun: { select: { id: true, params: true } } } } } });
  if (!evaluation) throw new AppError("NotFound", `Evaluation ${evaluationId} not found`);
  if (evaluation.status === "succeeded" && evaluation.metrics) return evaluation.metrics as unknown as EvalMetrics;
  const model = evaluation.model;
  await db().evaluation.update({ where: { id: evaluationId }, data: { status: "running", error: null } });
  let backend: JudgeBackend | undefined;
  const started = performance.now();
  try {
    const run = await heldoutRunFor(model);
    const labels = await loadLabels({ trainingRunId: run.id, heldOut: true });
    if (labels.length === 0) {
      throw new AppError("Unprocessable", `GenRM v${model.version}'s training run held out no labels (too few prompts, or heldoutFraction too low): nothing to evaluate on`);
    }
    // Several annotators may label one comparison: judge it once, score it against each label.
    const byComparison = new Map<string, { item: JudgeItem; truths: JudgedCase["truth"][] }>();
    for (const l of labels) {
      const c = toJudgeCase(l);
      const entry = byComparison.get(l.comparisonId);
      if (entry) entry.truths.push(c.truth);
      else byComparison.set(l.comparisonId, { item: c.item, truths: [c.truth] });
    }
    const comparisons = [...byComparison.values()];
    const probe = buildLengthProbe(labels.flatMap((l) => [{ prompt: l.promptText, answer: l.aText }, { prompt: l.promptText, answer: l.bText }]));
    const total = comparisons.length + probe.length;
    backend = hooks.backend ?? (await createBackend(toServingModel(model)!));
    const judged = await judgeInBatches(backend, comparisons.map((c) => c.item), hooks, 0, total);
    const probeJudged = await judgeInBatches(backend, probe.map((p) => p.item), hooks, comparisons.length, total);
    const cases: JudgedCase[] = comparisons.flatMap((c, i) => c.truths.map((truth) => ({ truth, ...judged[i]! })));
    const seconds = (performance.now() - started) / 1000;
    const metrics: EvalMetrics = {
      format: EVAL_FORMAT,
      ...heldoutMetrics(cases),
      lengthProbe: lengthProbeResult(probe, probeJudged.map((j) => j.probs)),
      heldoutLabels: labels.length,
      heldoutComparisons: comparisons.length,
      heldoutPrompts: new Set(labels.map((l) => l.promptKey)).size,
      trainingRunId: run.id,
      evaluationId,
      judgments: 2 * total,
      seconds,
      evaluatedAt: new Date().toISOString(),
    };
    const json = metrics as unknown as Prisma.InputJsonValue;
    await db().$transaction([
      db().evaluation.update({ where: { id: evaluationId }, data: { status: "succeeded", metrics: json, error: null, finishedAt: new Date() } }),
      db().genrmModel.update({ where: { id: model.id }, data: { evalMetrics: json } }),
    ]);
    return metrics;
  } catch (error) {
    await db().evaluation.update({ where: { id: evaluationId }, data: { status: "failed", error: (error as Error).message, finishedAt: new Date() } });
    throw error;
  } finally {
    if (backend && !hooks.backend) await backend.close?.().catch(() => undefined);
  }
}
