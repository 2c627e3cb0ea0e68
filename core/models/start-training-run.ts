/**
 * Starts training a new GenRM version: validates everything that can be checked before any work
 * (datasets exist, have labels, more than one verdict class, a known kind, a LoRA base model folder),
 * records a queued TrainingRun and enqueues `genrm.train`. Refusals are 4xx with a message the form shows.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Actor } from "../auth/actor";
import { createdByScope } from "../auth/owner-scope";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { enqueueJob } from "../queue/queues";
import { assertTrainable, summarizeLabels } from "../training-data/label-summary";
import { checkRunSnapshots, snapshotsForRun } from "../snapshots/run-snapshots";
import { requireModelManager } from "./access";
import { trainingParamsSchema, type TrainingParams, type TrainingParamsInput } from "./training-params";

export { trainingParamsSchema as startTrainingInput } from "./training-params";

export const trainJobId = (runId: string) => `genrm.train-${runId}`;

/**
 * The checks shared by the start operation and the worker (which re-checks: data may have changed).
 * `visibleTo`: the person starting it, who may only name datasets they see (another's reads as missing).
 */
export async function checkTrainingInput(p: TrainingParams, visibleTo?: Actor): Promise<void> {
  const scope = visibleTo ? createdByScope(visibleTo) : {};
  const found = await db().dataset.findMany({ where: { id: { in: p.datasetIds }, ...scope }, select: { id: true, name: true } });
  const missing = p.datasetIds.filter((id) => !found.some((d) => d.id === id));
  if (missing.length) throw new AppError("Unprocessable", `Dataset not found: ${missing.join(", ")}`, { field: "datasetIds" });
  if (p.snapshotIds?.length) await checkRunSnapshots(p.datasetIds, p.snapshotIds);
  const summary = await summarizeLabels(p.datasetIds);
  const names = found.map((d) => `"${d.name}"`).join(", ");
  assertTrainable(summary.rowClasses, summary.labels, found.length === 1 ? `dataset ${names}` : `datasets ${names}`);
  if (p.kind === "lora") {
    const dir = p.baseModel!;
    if (!path.isAbsolute(dir)) throw new AppError("Unprocessable", "baseModel must be an absolute path on the worker machine", { field: "baseModel" });
    if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(path.join(dir, "config.json"))) {
      throw new AppError("Unprocessable", `baseModel ${dir} is not a Hugging Face model folder (no config.json there)`, { field: "baseModel" });
    }
  }
  if (p.parentModelId && !(await db().genrmModel.findUnique({ where: { id: p.parentModelId }, select: { id: true } }))) {
    throw new AppError("Unprocessable", `Parent model ${p.parentModelId} not found`, { field: "parentModelId" });
  }
}

/** Internal (CLI, recalibration): creates the run row without enqueueing. */
export async function createTrainingRun(p: TrainingParams, opts: { createdById?: string | null; purpose?: "train" | "recalibration" | "demo" } = {}) {
  const parentModelId = p.parentModelId ?? (await db().genrmModel.findFirst({ where: { status: "active" }, orderBy: { version: "desc" }, select: { id: true } }))?.id ?? null;
  // A recalibration trains on data it builds itself (its parent run's labels and counterfactuals), not on a dataset's content.
  const snapshotIds = opts.purpose === "recalibration" ? [] : await snapshotsForRun(p.datasetIds, p.snapshotIds ?? [], opts.createdById ?? null);
  return db().trainingRun.create({
    data: {
      snapshotIds,
      kind: p.kind,
      purpose: opts.purpose ?? "train",
      params: { ...p, parentModelId: parentModelId ?? undefined } as unknown as Prisma.InputJsonValue,
      datasetIds: p.datasetIds,
      createdById: opts.createdById ?? null,
      parentModelId,
      progressData: { phase: "queued", points: [] },
    },
  });
}

/** Enqueues a run's job (jobId = run id: enqueueing twice runs one job). A dead queue fails the run visibly. */
export async function enqueueTrainingRun(runId: string) {
  try {
    const { jobId } = await enqueueJob("genrm.train", { trainingRunId: runId }, { jobId: trainJobId(runId) });
    await db().trainingRun.update({ where: { id: runId }, data: { jobId } });
    return jobId;
  } catch (e) {
    await db().trainingRun.update({ where: { id: runId }, data: { status: "failed", error: (e as Error).message, finishedAt: new Date() } });
    throw e;
  }
}

export async function startTrainingRun(actor: Actor | null, input: TrainingParamsInput) {
  const user = requireModelManager(actor);
  const p = trainingParamsSchema.parse(input);
  await checkTrainingInput(p, user);
  const run = await createTrainingRun(p, { createdById: user.userId });
  const jobId = await enqueueTrainingRun(run.id);
  return { trainingRun: { id: run.id, status: run.status, jobId } };
}
