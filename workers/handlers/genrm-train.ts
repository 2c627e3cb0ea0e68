/**
 * Job `genrm.train`: runs a TrainingRun (core/models/run-training.ts). Bad input fails at once without
 * retries and the message lands on the run; other failures retry with backoff, the run saying which
 * attempt failed and why, and the last attempt fails the run (failure-policy.ts decides which).
 */
import { markRunFailed, runTraining } from "@core/models/run-training";
import { markRunRetrying } from "@core/models/mark-run-retrying";
import { defineJob } from "../define-job";

export const genrmTrain = defineJob(
  "genrm.train",
  async (data, ctx) => {
    let lastReport = 0;
    const r = await runTraining(data.trainingRunId, {
      // For the run's log: a stalled job (its worker was killed) restarts without counting as a failed attempt.
      attempt: Math.max(ctx.job.attemptsMade + 1, ctx.job.attemptsStarted || 1),
      signal: ctx.signal,
      onProgress: (pd, fraction) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        ctx.progress(Math.round(fraction * 100), { step: pd.step, totalSteps: pd.totalSteps, phase: pd.phase }).catch(() => undefined);
      },
    });
    await ctx.progress(100, { phase: "done" });
    return { modelId: r.model.id, version: r.model.version, evaluationId: r.evaluationId, reused: r.reused };
  },
  {
    onRetry: (data, f) => markRunRetrying(data.trainingRunId, `Attempt ${f.attempt} of ${f.maxAttempts} failed (${f.message}); retrying`),
    // Bad input: runTraining already put its message on the run.
    onFinalFailure: (data, f) => (f.permanent ? Promise.resolve() : markRunFailed(data.trainingRunId, `Failed after ${f.attempt} attempts: ${f.message}`)),
  },
);
