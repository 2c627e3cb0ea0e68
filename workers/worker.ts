/**
 * The worker process: one BullMQ Worker per queue, dispatching by job name through the registry,
 * heartbeats for the status page, graceful close on SIGTERM/SIGINT. Stalled jobs (a worker killed
 * mid-job) are picked up again by any live worker after the lock expires.
 */
import { UnrecoverableError, Worker, type Job } from "bullmq";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { env } from "@core/env";
import { JOB_DEFINITIONS, QUEUES, isJobName, type QueueName } from "@core/queue/definitions";
import { createRedis } from "@core/queue/redis";
import { clearHeartbeat, writeHeartbeat } from "@core/queue/heartbeat";
import { disconnectDb } from "@core/db/client";
import { registry } from "./registry";
import { runJob, type JobContext } from "./define-job";

const CONCURRENCY: Record<QueueName, number> = { default: 4, train: 1 };

export interface WorkerProcessOptions {
  queues?: QueueName[];
  lockDurationMs?: number;
}

export async function startWorkers(opts: WorkerProcessOptions = {}) {
  const e = env();
  const workerId = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const queues = opts.queues ?? [...QUEUES];
  const lockDuration = opts.lockDurationMs ?? env().WORKER_LOCK_MS;
  const controllers = new Map<string, AbortController>();
  let active = 0;

  const processor = async (job: Job) => {
    if (!isJobName(job.name)) throw new Error(`Unknown job name '${job.name}'`);
    const handler = registry.get(job.name);
    if (!handler) throw new Error(`No handler registered for job '${job.name}'`);
    const parsed = JOB_DEFINITIONS[job.name].schema.safeParse(job.data);
    // A payload that does not fit its schema never will: no retries.
    if (!parsed.success) throw new UnrecoverableError(`Job '${job.name}' has a malformed payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const data = parsed.data;
    const controller = new AbortController();
    controllers.set(job.id!, controller);
    active++;
    const ctx: JobContext = {
      job,
      signal: controller.signal,
      progress: async (pct, detail) => {
        await job.updateProgress(detail ? { pct, ...detail } : pct);
      },
      log: async (line) => {
        await job.log(line);
      },
    };
    try {
      return await runJob(handler, data as never, ctx);
    } finally {
      active--;
      controllers.delete(job.id!);
    }
  };

  const workers = queues.map((name) => {
    const w = new Worker(name, processor, {
      connection: createRedis("worker"),
      prefix: e.QUEUE_PREFIX,
      concurrency: CONCURRENCY[name],
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 2,
    });
    w.on("failed", (job, err) => log("job failed", { queue: name, job: job?.id, name: job?.name, attempts: job?.attemptsMade, error: err.message }));
    w.on("completed", (job) => log("job completed", { queue: name, job: job.id, name: job.name }));
    w.on("error", (err) => log("worker error", { queue: name, error: err.message }));
    return w;
  });

  const hbRedis = createRedis("worker");
  const startedAt = new Date().toISOString();
  const beat = () =>
    writeHeartbeat(hbRedis, {
      workerId,
      pid: process.pid,
      host: os.hostname(),
      queues,
      startedAt,
      beatAt: new Date().toISOString(),
      activeJobs: active,
    }).catch(() => undefined);
  await beat();
  const timer = setInterval(beat, 5000);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      log("closing workers: waiting for active jobs", { active });
      await Promise.all(workers.map((w) => w.close()));
      await clearHeartbeat(hbRedis, workerId).catch(() => undefined);
      hbRedis.disconnect();
      await disconnectDb();
    })());

  log("workers ready", { workerId, queues, prefix: e.QUEUE_PREFIX, handlers: [...registry.keys()] });
  return { workerId, workers, close };
}

function log(msg: string, fields: Record<string, unknown> = {}) {
  process.stdout.write(JSON.stringify({ t: new Date().toISOString(), src: "workers", msg, ...fields }) + "\n");
}
