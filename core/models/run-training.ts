/**
 * The body of a training run (job `genrm.train`; also the CLI's --local mode and the demo seed):
 * write the rows from its data source (training-data-source.ts) → run the trainer as a child process,
 * streaming its progress and logs into the TrainingRun row → register the version atomically (artifacts moved
 * into place and the GenrmModel row created in one transaction) → queue its evaluation.
 *
 * Crash safety: nothing is registered until the trainer has finished; the trainer checkpoints, and a
 * retried run resumes from the checkpoint (or reuses a finished trainer output), so a killed worker
 * leaves either no version or one whole version — never half of one.
 */
import { mkdir, rm, stat } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ZodError } from "zod";
import { TEMPLATE_VERSION } from "../../genrm/template";
import { db, type Prisma } from "../db/client";
import { AppError, isPermanentError, unprocessable } from "../errors";
import type { ExportSummary } from "../training-data/export-run-data";
import { labelExport, type TrainingDataSource } from "./training-data-source";
import { enqueueEvaluation } from "./start-evaluation";
import { loadVersionAdapter, loraServingConfig } from "./lora-serving";
import { trainerFlags, trainingParamsSchema, type TrainingParams } from "./training-params";
import { runTrainFile, runTrainerDir } from "./paths";
import { publishStagedArtifacts, stageArtifacts } from "./model-artifacts";
import { checkpointUploader, dropRunCheckpoint, restoreRunFiles, saveRunTrainFile } from "./run-files";
import { localArtifactFolder } from "../storage/local-artifact-folder";
import { applyTrainerEvent, progressFraction, rewindToCheckpoint, type ProgressData } from "./progress-data";
import { killOrphanTrainers, runTrainerProcess, PythonNotFoundError } from "./trainer-process";


export interface TrainingHooks {
  /** Where the rows come from (default: the labels of the run's datasets). */
  data?: TrainingDataSource;
  /** Called with each progress update (throttled DB writes happen regardless). */
  onProgress?(pd: ProgressData, fraction: number): void;
  onLog?(line: string): void;
  signal?: AbortSignal;
  /** Queue the evaluation job after registering (default true; the seed evaluates inline instead). */
  enqueueEvaluation?: boolean;
  /** Attempt number (1-based) for the logs. */
  attempt?: number;
  /**
   * The artifact URI of a finished, immutable trainer output to register instead of training (the demo
   * seed's cached model). It is registered where it is, neither copied nor moved.
   */
  reuseOutputFrom?: string;
}

export interface TrainingResult {
  model: { id: string; version: number; artifactUri: string | null };
  evaluationId: string | null;
  metrics: Record<string, unknown>;
  reused: boolean;
}

const LOG_LIMIT = 200_000; // characters of TrainingRun.logs kept (the tail)
const WRITE_EVERY_MS = 1000;

function parseParams(run: { kind: string; datasetIds: string[]; params: unknown }): TrainingParams {
  try {
    return trainingParamsSchema.parse({ ...(run.params as object), kind: run.kind, datasetIds: run.datasetIds });
  } catch (e) {
    if (e instanceof ZodError) {
      const i = e.issues[0]!;
      throw unprocessable(`${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
    }
    throw e;
  }
}

/** Appends to the run's log (kept to its tail) and writes progress at most once a second. */
class RunWriter {
  private logs: string;
  private pendingLog = "";
  private pd: ProgressData;
  private lastWrite = 0;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly runId: string, logs: string, pd: ProgressData, private readonly hooks: TrainingHooks) {
    this.logs = logs;
    this.pd = pd;
  }

  get progress() {
    return this.pd;
  }

  log(line: string) {
    this.pendingLog += line.endsWith("\n") ? line : line + "\n";
    this.hooks.onLog?.(line);
  }

  update(fn: (pd: ProgressData) => ProgressData, force = false) {
    this.pd = fn(this.pd);
    this.hooks.onProgress?.(this.pd, progressFraction(this.pd));
    // A failed progress write must not crash the worker; the next write (or the final one) retries it.
    if (force || Date.now() - this.lastWrite >= WRITE_EVERY_MS) this.flush().catch(() => undefined);
  }

  flush(): Promise<unknown> {
    this.lastWrite = Date.now();
    const pd = { ...this.pd, updatedAt: new Date().toISOString() };
    this.logs = (this.logs + this.pendingLog).slice(-LOG_LIMIT);
    this.pendingLog = "";
    const logs = this.logs;
    // Writes are chained so an older snapshot never lands after a newer one.
    this.writing = this.writing
      .catch(() => undefined)
      .then(() =>
        db().trainingRun.update({ where: { id: this.runId }, data: { progressData: pd as unknown as Prisma.InputJsonValue, progress: progressFraction(pd), logs } }),
      );
    return this.writing;
  }
}

async function dirHasArtifacts(dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, "metrics.json"))).isFile();
  } catch {
    return false;
  }
}

/**
 * Moves staged artifacts into place and creates the version + marks the run done, in one transaction.
 * `artifacts.inPlace`: the URI of immutable artifacts registered where they are (the demo seed's cached model).
 */
async function register(runId: string, p: TrainingParams, metrics: Record<string, unknown>, artifacts: { staging: string } | { inPlace: string }, withEvaluation: boolean) {
  return db().$transaction(
    async (tx) => {
      // Serialises version numbers across workers.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('genrm.model-version'))`;
      const run = await tx.trainingRun.findUniqueOrThrow({ where: { id: runId } });
      if (run.modelId) return { modelId: run.modelId, evaluationId: null, existing: true };
      const version = ((await tx.genrmModel.aggregate({ _max: { version: true } }))._max.version ?? 0) + 1;
      // A previous attempt may have moved files to the version's folder and died before committing
      // (its row never existed): publishing replaces them.
      const dir = "inPlace" in artifacts ? artifacts.inPlace : await publishStagedArtifacts(artifacts.staging, version, runId);
      const model = await tx.genrmModel.create({
        data: {
          version,
          name: p.name || `v${version} ${p.kind}`,
          backend: p.kind === "tiny" ? "embedded" : "openai",
          kind: p.kind,
          artifactUri: dir,
          // A LoRA adapter is served by the vLLM fleet its run named, under "genrm-v<version>" (lora-serving.ts).
          config: p.kind === "lora" ? loraServingConfig(version, dir, p) : {},
          templateVersion: String(metrics.template_version ?? TEMPLATE_VERSION),
          status: "candidate",
          parentId: run.parentModelId,
          trainMetrics: metrics as Prisma.InputJsonValue,
        },
      });
      await tx.trainingRun.update({
        where: { id: runId },
        data: { modelId: model.id, status: "succeeded", metrics: metrics as Prisma.InputJsonValue, progress: 1, error: null, finishedAt: new Date() },
      });
      const evaluation = withEvaluation ? await tx.evaluation.create({ data: { modelId: model.id } }) : null;
      return { modelId: model.id, evaluationId: evaluation?.id ?? null, existing: false };
    },
    { timeout: 60_000 },
  );
}

async function queueEvaluationOf(modelId: string, evaluationId: string | null) {
  const pending = evaluationId ? { id: evaluationId } : await db().evaluation.findFirst({ where: { modelId, status: "queued" }, orderBy: { createdAt: "desc" } });
  if (pending) await enqueueEvaluation(pending.id);
  return pending?.id ?? null;
}

/** Fails the run with a message the UI shows. */
export async function markRunFailed(runId: string, message: string) {
  await db().trainingRun.update({
    where: { id: runId },
    data: { status: "failed", error: message.slice(0, 4000), finishedAt: new Date(), progressData: { ...(await currentPd(runId)), phase: "failed" } as unknown as Prisma.InputJsonValue },
  });
}

/** The parent version's folder for a warm start (tiny weights or a LoRA adapter); a parent without one is a clear input error. */
async function warmStartDir(parentModelId: string | null, kind: TrainingParams["kind"]): Promise<string> {
  if (!parentModelId) throw unprocessable("warmStart needs a parent version to start from");
  const parent = await db().genrmModel.findUnique({ where: { id: parentModelId }, select: { version: true, kind: true, artifactUri: true } });
  const marker = kind === "lora" ? "adapter_config.json" : "model.pt";
  const dir = parent?.artifactUri && parent.kind === kind ? await localArtifactFolder(parent.artifactUri).catch(() => null) : null;
  if (!dir || !existsSync(path.join(dir, marker))) {
    const what = kind === "lora" ? "LoRA adapter" : "tiny-model weights";
    throw unprocessable(`warmStart: the parent version${parent ? ` v${parent.version}` : ""} has no ${what} in the artifact store to start from`);
  }
  return dir;
}

async function currentPd(runId: string): Promise<ProgressData> {
  const r = await db().trainingRun.findUnique({ where: { id: runId }, select: { progressData: true } });
  return (r?.progressData ?? {}) as ProgressData;
}

export async function runTraining(runId: string, hooks: TrainingHooks = {}): Promise<TrainingResult> {
  const withEvaluation = hooks.enqueueEvaluation ?? true;
  const run = await db().trainingRun.findUnique({ where: { id: runId }, include: { model: true } });
  if (!run) throw unprocessable(`Training run ${runId} not found`);
  if (run.status === "succeeded" && run.model) {
    // Already done (a retried or duplicated job): make sure its adapter is served and its evaluation queued, change nothing else.
    await loadVersionAdapter(run.model);
    const evaluationId = withEvaluation ? await queueEvaluationOf(run.model.id, null) : null;
    return { model: { id: run.model.id, version: run.model.version, artifactUri: run.model.artifactUri }, evaluationId, metrics: (run.metrics ?? {}) as Record<string, unknown>, reused: true };
  }
  if (run.status === "failed") throw unprocessable(run.error ?? "This training run failed; start a new one");

  const attempt = hooks.attempt ?? 1;
  const pd0 = rewindToCheckpoint({ ...((run.progressData ?? {}) as ProgressData), attempt, phase: "exporting" });
  const w = new RunWriter(runId, run.logs, pd0, hooks);
  await db().trainingRun.update({ where: { id: runId }, data: { status: "running", startedAt: run.startedAt ?? new Date(), error: null } });
  w.log(`— attempt ${attempt} (${new Date().toISOString()})${pd0.resumedFromStep ? `: resuming after step ${pd0.resumedFromStep}` : ""}`);

  try {
    const p = parseParams(run);
    const trainFile = runTrainFile(runId);
    const outDir = hooks.reuseOutputFrom ? await localArtifactFolder(hooks.reuseOutputFrom) : runTrainerDir(runId);
    await mkdir(outDir, { recursive: true });
    await restoreRunFiles(runId);

    // 1. Data. Reused on a retry: the checkpoint was trained on exactly this file.
    let summary: ExportSummary | undefined = pd0.export;
    if (!existsSync(trainFile) || !summary) {
      try {
        summary = await (hooks.data ?? labelExport)({ runId, file: trainFile, params: p, snapshotIds: run.snapshotIds });
      } catch (e) {
        if (e instanceof AppError && (e.code === "Unprocessable" || e.code === "Invalid" || e.code === "NotFound")) throw unprocessable(e.message);
        throw e;
      }
      await saveRunTrainFile(runId);
      await db().trainingRun.update({ where: { id: runId }, data: { labelCount: summary.trainLabels + summary.heldoutLabels } });
      w.log(
        `export: ${summary.labels} labels → ${summary.trainRows} training rows from ${summary.trainLabels} labels on ${summary.trainPrompts} prompts ` +
          `(better ${summary.rowClasses.better}, same ${summary.rowClasses.same}, worse ${summary.rowClasses.worse}); ` +
          `${summary.heldoutLabels} labels on ${summary.heldoutPrompts} prompts held out for evaluation; ${summary.excludedLabels} excluded`,
      );
    }
    const exported = summary;
    w.update((pd) => ({ ...pd, export: exported, phase: "training" }), true);

    // 2. Train (or reuse the output of a trainer that finished before the worker died).
    let metrics: Record<string, unknown>;
    if (await dirHasArtifacts(outDir)) {
      metrics = JSON.parse(readFileSync(path.join(outDir, "metrics.json"), "utf8"));
      w.log("trainer output from an earlier attempt is complete: registering it");
    } else {
      const orphans = killOrphanTrainers(outDir);
      if (orphans.length) w.log(`stopped trainer process ${orphans.join(", ")} left running by a previous attempt`);
      let outcome;
      const checkpoints = checkpointUploader(runId, (message) => w.log(`warning: ${message}`));
      try {
        const initFrom = p.warmStart ? await warmStartDir(run.parentModelId, p.kind) : undefined;
        if (initFrom) w.log(`warm start from the parent version's ${p.kind === "lora" ? "adapter" : "weights"} at ${initFrom}`);
        outcome = await runTrainerProcess(trainerFlags(p, { data: trainFile, outDir, initFrom }, TEMPLATE_VERSION), {
          signal: hooks.signal,
          onLog: (line) => w.log(line),
          onEvent: (ev) => {
            if (ev.type === "checkpoint") checkpoints.save();
            w.update((pd) => applyTrainerEvent(pd, ev), ev.type === "checkpoint" || ev.val_loss !== undefined);
          },
        });
        await checkpoints.settled();
      } catch (e) {
        if (e instanceof PythonNotFoundError) throw unprocessable(e.message);
        throw e;
      }
      for (const warning of outcome.warnings) w.log(`warning: ${warning}`);
      if (outcome.halted || !outcome.metrics) throw new Error("The trainer halted before the last step (halt_after_steps): the retry resumes it");
      metrics = { ...outcome.metrics };
    }
    delete metrics.type;

    // 3. Register.
    w.update((pd) => ({ ...pd, phase: "registering" }), true);
    await w.flush();
    const artifacts = hooks.reuseOutputFrom ? { inPlace: hooks.reuseOutputFrom } : await stageArtifacts(outDir, runId);
    const reg = await register(runId, p, metrics, artifacts, withEvaluation);
    w.update((pd) => ({ ...pd, phase: "done" }), true);
    const model = await db().genrmModel.findUniqueOrThrow({ where: { id: reg.modelId } });
    w.log(`registered GenRM v${model.version} (candidate) at ${model.artifactUri}`);
    await w.flush();
    if (model.kind === "lora") {
      // A failure here fails the job; its retry finds the run done and loads again (idempotent).
      try {
        const { loaded } = await loadVersionAdapter(model);
        w.log(`adapter loaded as "${(model.config as { model: string }).model}" on ${loaded.join(", ")}`);
      } catch (e) {
        w.log(`error: ${(e as Error).message} (the job retries the load)`);
        await w.flush();
        throw e;
      }
      await w.flush();
    }
    if (!hooks.reuseOutputFrom) {
      // Resumable state, no longer needed.
      await rm(path.join(outDir, "checkpoint.pt"), { force: true });
      await dropRunCheckpoint(runId);
    }
    const evaluationId = withEvaluation ? await queueEvaluationOf(model.id, reg.evaluationId) : null;
    return { model: { id: model.id, version: model.version, artifactUri: model.artifactUri }, evaluationId, metrics, reused: reg.existing };
  } catch (error) {
    w.log(`error: ${(error as Error).message}`);
    await w.flush().catch(() => undefined);
    if (isPermanentError(error)) await markRunFailed(runId, error.message);
    throw error;
  }
}
