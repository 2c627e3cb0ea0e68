/**
 * What happens when a job fails, decided here once for every job:
 *   - the error says the input can never succeed (an AppError with a permanent code, core/errors.ts):
 *     no retry (BullMQ UnrecoverableError), whatever attempts the job was given;
 *   - anything else (a dependency down, a crash, a timeout): BullMQ retries with the job's backoff;
 *   - the job's hooks record the outcome on its domain row: `onRetry` while attempts remain, `onFinalFailure`
 *     once none will follow. A failing hook is logged and never hides the job's own error.
 */
import { UnrecoverableError, type Job } from "bullmq";
import { isPermanentError } from "@core/errors";

export type FailureDecision = "retry" | "unrecoverable";

export function decideFailure(error: unknown): FailureDecision {
  return isPermanentError(error) || error instanceof UnrecoverableError ? "unrecoverable" : "retry";
}

export interface FailureInfo {
  message: string;
  /** This attempt's number (1-based) and how many the job may have. */
  attempt: number;
  maxAttempts: number;
  /** The input can never succeed (no retry happened or will happen because of it). */
  permanent: boolean;
}

export interface FailureHooks<D> {
  onRetry?(data: D, failure: FailureInfo): Promise<unknown>;
  onFinalFailure?(data: D, failure: FailureInfo): Promise<unknown>;
}

/** Applies the policy to a failed attempt: runs the hook that fits, then throws what BullMQ must see. */
export async function failJob<D>(job: Pick<Job, "id" | "name" | "attemptsMade" | "opts">, data: D, error: unknown, hooks: FailureHooks<D>, log: (msg: string, f: Record<string, unknown>) => void): Promise<never> {
  const message = (error as Error)?.message ?? String(error);
  const permanent = decideFailure(error) === "unrecoverable";
  const attempt = job.attemptsMade + 1;
  const maxAttempts = job.opts.attempts ?? 1;
  const final = permanent || attempt >= maxAttempts;
  const hook = final ? hooks.onFinalFailure : hooks.onRetry;
  try {
    await hook?.(data, { message, attempt, maxAttempts, permanent });
  } catch (hookError) {
    log("failure hook failed", { job: job.id, name: job.name, error: (hookError as Error).message });
  }
  if (permanent && !(error instanceof UnrecoverableError)) throw new UnrecoverableError(message);
  throw error;
}
