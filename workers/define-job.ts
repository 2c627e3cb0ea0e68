/** Binds a handler to a job definition from core/queue/definitions.ts. */
import type { Job } from "bullmq";
import type { JobData, JobName } from "@core/queue/definitions";
import { failJob, type FailureHooks } from "./failure-policy";

export interface JobContext {
  job: Job;
  /** Reports 0..100 progress (plus optional detail) to BullMQ; UIs poll the domain rows instead. */
  progress(pct: number, detail?: Record<string, unknown>): Promise<void>;
  log(line: string): Promise<void>;
  signal: AbortSignal;
}

export interface JobHandler<N extends JobName> {
  name: N;
  /**
   * Calls core and nothing else. Must be idempotent: BullMQ may run a job again after a crash. Throws to
   * fail; whether that retries is decided by workers/failure-policy.ts, never by the handler.
   */
  handle(data: JobData<N>, ctx: JobContext): Promise<unknown>;
  /** How a failure is recorded on the job's domain row (a core operation each). */
  failure: FailureHooks<JobData<N>>;
}

export function defineJob<N extends JobName>(name: N, handle: JobHandler<N>["handle"], failure: FailureHooks<JobData<N>> = {}): JobHandler<N> {
  return { name, handle, failure };
}

const logLine = (msg: string, fields: Record<string, unknown>) =>
  process.stdout.write(JSON.stringify({ t: new Date().toISOString(), src: "workers", msg, ...fields }) + "\n");

/** Runs a handler under the failure policy: what the worker does for every job (tests call it too). */
export async function runJob<N extends JobName>(handler: JobHandler<N>, data: JobData<N>, ctx: JobContext): Promise<unknown> {
  try {
    return await handler.handle(data, ctx);
  } catch (error) {
    return failJob(ctx.job, data, error, handler.failure, logLine);
  }
}
