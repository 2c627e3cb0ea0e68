/** A minimal JobContext for calling a job handler in-process (what BullMQ would pass, minus Redis). */
import type { Job } from "bullmq";
import type { JobContext } from "../../workers/define-job";

export function fakeJobContext(opts: { attemptsMade?: number; attempts?: number; id?: string } = {}): JobContext & { progressSeen: number[] } {
  const progressSeen: number[] = [];
  const job = { id: opts.id ?? "test-job", attemptsMade: opts.attemptsMade ?? 0, attemptsStarted: (opts.attemptsMade ?? 0) + 1, opts: { attempts: opts.attempts ?? 3 }, name: "test" } as unknown as Job;
  return {
    job,
    signal: new AbortController().signal,
    progressSeen,
    progress: async (pct) => {
      progressSeen.push(pct);
    },
    log: async () => undefined,
  };
}
