/**
 * TrainingRun.progressData: what the run page and the CLI draw (phase, counters, loss curve), folded
 * from the trainer's JSON-lines events (genrm/trainer/errors.py describes the protocol). Pure.
 */
import type { ExportSummary } from "../training-data/export-run-data";

export type Phase = "queued" | "exporting" | "training" | "registering" | "done" | "failed";

export interface LossPoint {
  step: number;
  loss?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface ProgressData {
  phase?: Phase;
  step?: number;
  totalSteps?: number;
  epoch?: number;
  loss?: number;
  valLoss?: number;
  valAccuracy?: number;
  exPerS?: number;
  points?: LossPoint[];
  export?: ExportSummary;
  attempt?: number;
  lastCheckpointStep?: number;
  resumedFromStep?: number;
  updatedAt?: string;
}

export const MAX_POINTS = 400;

const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);

/** Halves the training-loss points (validation points always stay) once the curve gets long. */
function thin(points: LossPoint[]): LossPoint[] {
  if (points.length <= MAX_POINTS) return points;
  let keep = true;
  return points.filter((p, i) => {
    if (p.valLoss !== undefined || i === points.length - 1) return true;
    keep = !keep;
    return keep;
  });
}

/** Folds one trainer event into the progress data; unknown events change nothing. */
export function applyTrainerEvent(pd: ProgressData, ev: Record<string, unknown>): ProgressData {
  if (ev.type === "checkpoint") return { ...pd, lastCheckpointStep: num(ev.step) ?? pd.lastCheckpointStep };
  if (ev.type !== "progress") return pd;
  const step = num(ev.step);
  if (step === undefined) return pd;
  const point: LossPoint = { step };
  const loss = num(ev.loss);
  const valLoss = num(ev.val_loss);
  const valAccuracy = num(ev.val_accuracy);
  if (loss !== undefined) point.loss = loss;
  if (valLoss !== undefined) point.valLoss = valLoss;
  if (valAccuracy !== undefined) point.valAccuracy = valAccuracy;
  // Points are in step order. A resumed trainer repeats the steps after its checkpoint: those stale
  // points go; an evaluation line for the step just logged merges into its point.
  const points = (pd.points ?? []).filter((p) => p.step <= step);
  const last = points[points.length - 1];
  if (last && last.step === step) points[points.length - 1] = { ...last, ...point };
  else points.push(point);
  return {
    ...pd,
    phase: "training",
    step,
    totalSteps: num(ev.total_steps) ?? pd.totalSteps,
    epoch: num(ev.epoch) ?? pd.epoch,
    loss: loss ?? pd.loss,
    valLoss: valLoss ?? pd.valLoss,
    valAccuracy: valAccuracy ?? pd.valAccuracy,
    exPerS: num(ev.ex_per_s) ?? pd.exPerS,
    points: thin(points),
  };
}

/** Training share of the bar: the last 5 % are registration (artifact copy + database). */
export const TRAINING_SHARE = 0.95;

export function progressFraction(pd: ProgressData): number {
  if (pd.phase === "done") return 1;
  if (!pd.totalSteps || pd.step === undefined) return pd.phase === "registering" ? TRAINING_SHARE : 0;
  return Math.min(TRAINING_SHARE, (pd.step / pd.totalSteps) * TRAINING_SHARE);
}

/** On a retried attempt: forget points after the checkpoint the trainer will resume from. */
export function rewindToCheckpoint(pd: ProgressData): ProgressData {
  const at = pd.lastCheckpointStep ?? 0;
  return { ...pd, points: (pd.points ?? []).filter((p) => p.step <= at), resumedFromStep: at, step: Math.min(pd.step ?? 0, at) };
}

/** One line for terminals (CLI, seed): "[#####-----] 52% epoch 2 step 120/230 loss 0.812 val acc 71.0% 48 ex/s". */
export function formatProgressLine(pd: ProgressData, width = 24): string {
  const f = progressFraction(pd);
  const filled = Math.round(f * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}%`;
  const parts = [bar, pd.phase ?? ""];
  if (pd.totalSteps) parts.push(`epoch ${pd.epoch ?? "?"} step ${pd.step ?? 0}/${pd.totalSteps}`);
  if (pd.loss !== undefined) parts.push(`loss ${pd.loss.toFixed(3)}`);
  if (pd.valAccuracy !== undefined) parts.push(`val acc ${(100 * pd.valAccuracy).toFixed(1)}%`);
  if (pd.exPerS) parts.push(`${pd.exPerS.toFixed(0)} ex/s`);
  return parts.filter(Boolean).join("  ");
}
