/** Producer side of BullMQ: validated enqueue, and queue handles for the status page. */
import { Queue, type JobsOptions } from "bullmq";
import { env } from "../env";
import { AppError } from "../errors";
import { createRedis } from "./redis";
import { JOB_DEFINITIONS, QUEUES, type JobName, type JobPayload, type QueueName } from "./definitions";

const g = globalThis as unknown as { __genrmQueues?: { key: string; queues: Map<QueueName, Queue> } };

export function queue(name: QueueName): Queue {
  const e = env();
  const key = `${e.REDIS_URL}|${e.QUEUE_PREFIX}`;
  if (!g.__genrmQueues || g.__genrmQueues.key !== key) g.__genrmQueues = { key, queues: new Map() };
  let q = g.__genrmQueues.queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: createRedis("producer"), prefix: e.QUEUE_PREFIX });
    q.on("error", () => undefined);
    g.__genrmQueues.queues.set(name, q);
  }
  return q;
}

export const allQueues = () => QUEUES.map((n) => queue(n));

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Validates the payload against the job's schema and enqueues it; 503 when Redis is unreachable. */
export async function enqueueJob<N extends JobName>(name: N, payload: JobPayload<N>, opts: JobsOptions = {}) {
  const def = JOB_DEFINITIONS[name];
  const data = def.schema.parse(payload);
  try {
    const job = await queue(def.queue).add(name, data, { ...DEFAULT_JOB_OPTIONS, ...opts });
    return { jobId: job.id!, queue: def.queue };
  } catch (error) {
    throw new AppError("Unavailable", `The job queue (Redis) is unreachable: ${(error as Error).message}`);
  }
}

export async function closeQueues(): Promise<void> {
  const qs = g.__genrmQueues;
  g.__genrmQueues = undefined;
  if (!qs) return;
  await Promise.all([...qs.queues.values()].map(async (q) => {
    await q.close().catch(() => undefined);
  }));
}
