/**
 * Job `genrm.train`: runs a TrainingRun (core/models/run-training.ts). Bad input fails at once without
 * retries (UnrecoverableError) and the message lands on the run; other failures retry with backoff,
 * the run saying which attempt failed and why, and the last attempt fails the run.
 */
import { UnrecoverableError } from "bullmq";
import { db } from "@core/db/client";
import { markRunFailed, runTraining, TrainingInputError } from "@core/models/run-training";
import { defineJob } from "../define-job";

export const genrmTrain = defineJob("genrm.train", async (data, ctx) => {
  const attempt = ctx.job.attemptsMade + 1;
  const maxAttempts = ctx.job.opts.attempts ?? 1;
  let lastReport = 0;
  try {
    const r = await runTraining(data.trainingRunId, {
      // For the run's log: a stalled job (its worker was killed) restarts without counting as a failed attempt.
      attempt: Math.max(attempt, ctx.job.attemptsStarted || 1),
      signal: ctx.signal,
      onProgress: (pd, fraction) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        ctx.progress(Math.round(fraction * 100), { step: pd.step, totalSteps: pd.totalSteps, phase: pd.phase }).catch(() => undefined);
      },
    });
    await ctx.progress(100, { phase: "done" });
    return { modelId: r.model.id, version: r.model.version, evaluationId: r.evaluationId, reused: r.reused };
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof TrainingInputError) throw new UnrecoverableError(message);
    if (attempt >= maxAttempts) await markRunFailed(data.trainingRunId, `Failed after ${attempt} attempts: ${message}`).catch(() => undefined);
    else {
      await db()
        .trainingRun.update({ where: { id: data.trainingRunId }, data: { status: "queued", error: `Attempt ${attempt} of ${maxAttempts} failed (${message}); retrying` } })
        .catch(() => undefined);
    }
    throw error;
  }
});
