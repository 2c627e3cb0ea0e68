/** Binds a handler to a job definition from core/queue/definitions.ts. */
import type { Job } from "bullmq";
import type { JobData, JobName } from "@core/queue/definitions";

export interface JobContext {
  job: Job;
  /** Reports 0..100 progress (plus optional detail) to BullMQ; UIs poll the domain rows instead. */
  progress(pct: number, detail?: Record<string, unknown>): Promise<void>;
  log(line: string): Promise<void>;
  signal: AbortSignal;
}

export interface JobHandler<N extends JobName> {
  name: N;
  /** Must be idempotent: BullMQ may run a job again after a crash. Throw to fail (and retry). */
  handle(data: JobData<N>, ctx: JobContext): Promise<unknown>;
}

export function defineJob<N extends JobName>(name: N, handle: JobHandler<N>["handle"]): JobHandler<N> {
  return { name, handle };
}
