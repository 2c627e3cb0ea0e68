/**
 * Runs (or resumes) a tournament run: every prompt's tournament not finished yet, a few at a time,
 * with the run's GenRM version. Idempotent: finished prompts are skipped, unfinished ones continue from
 * their last saved round, so BullMQ may run the job again after a crash. Used by the worker handler
 * (job tournament.run) and, synchronously, by the demo seed.
 * Not here: authorization (the run was authorised when it was started) or HTTP.
 */
import type { JudgeBackend } from "../../genrm/types";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { playPromptTournament } from "./play-prompt-tournament";
import { tournamentBackend } from "./tournament-backend";
import { toServingModel } from "../genrm-service/resolve-model";
import { parseStoredConfig } from "./tournament-config";

export interface ExecuteOptions {
  signal?: AbortSignal;
  /** Overrides the backend resolved from the run's model (tests and benchmarks count calls on it). */
  backend?: JudgeBackend;
  /** Prompts played at once; each round of each is one backend call, so a batching backend merges them. */
  concurrency?: number;
  onProgress?: (p: { done: number; total: number; judgeCalls: number }) => void | Promise<void>;
}

export interface ExecuteSummary {
  status: "succeeded";
  total: number;
  done: number;
  failedPrompts: number;
  judgeCalls: number;
}

export async function executeTournamentRun(runId: string, opts: ExecuteOptions = {}): Promise<ExecuteSummary> {
  const run = await db().tournamentRun.findUnique({ where: { id: runId }, include: { model: true } });
  if (!run) throw new AppError("NotFound", `tournament run ${runId} not found`);
  const config = parseStoredConfig(run.config);
  if (run.status !== "succeeded") {
    // toServingModel: a served judge's sealed API key is opened here, so its servers accept the games.
    const backend = opts.backend ?? (await tournamentBackend(toServingModel(run.model)!));
    await db().tournamentRun.update({ where: { id: runId }, data: { status: "running", error: null } });
    const pending = await db().tournament.findMany({
      where: { runId, status: { notIn: ["succeeded", "failed"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const ctx = { run: { id: run.id, seed: run.seed, config }, model: { id: run.model.id, templateVersion: run.model.templateVersion }, backend, signal: opts.signal };
    const queue = pending.map((p) => p.id);
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        opts.signal?.throwIfAborted();
        await playPromptTournament(id, ctx);
        await report(runId, opts);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? defaultConcurrency()) }, worker));
    await db().tournamentRun.update({ where: { id: runId }, data: { status: "succeeded", finishedAt: new Date(), error: null } });
  }
  const s = await report(runId, opts);
  const failedPrompts = await db().tournament.count({ where: { runId, status: "failed" } });
  return { status: "succeeded", total: s.total, done: s.done, failedPrompts, judgeCalls: s.judgeCalls };
}

/** TOURNAMENT_CONCURRENCY: prompts a worker plays at once (default 2). */
const defaultConcurrency = () => env().TOURNAMENT_CONCURRENCY;

/** Recounts finished prompts (a count, not an increment: safe when a job is retried). */
async function report(runId: string, opts: ExecuteOptions) {
  const done = await db().tournament.count({ where: { runId, status: { in: ["succeeded", "failed"] } } });
  const run = await db().tournamentRun.update({ where: { id: runId }, data: { done }, select: { total: true, judgeCalls: true } });
  const p = { done, total: run.total, judgeCalls: run.judgeCalls };
  await opts.onProgress?.(p);
  return p;
}

/** Records a failed attempt on the run; `final` when BullMQ will not retry. */
export async function recordRunFailure(runId: string, error: unknown, final: boolean) {
  const message = (error as Error)?.message ?? String(error);
  await db().tournamentRun.updateMany({
    where: { id: runId },
    data: final ? { status: "failed", error: message, finishedAt: new Date() } : { error: `${message} (will retry)` },
  });
}
