/**
 * Job `tournament.run` {tournamentRunId}: plays every unfinished prompt tournament of the run.
 * Resumable by construction (core/tournaments/execute-tournament-run.ts): a retried or recovered job
 * skips finished prompts and continues unfinished ones from their last saved round, re-judging nothing.
 * Failures throw (BullMQ retries); the run row records the error, and "failed" once retries are spent.
 */
import { executeTournamentRun, recordRunFailure } from "@core/tournaments/execute-tournament-run";
import { defineJob } from "../define-job";

export const tournamentRun = defineJob("tournament.run", async (data, ctx) => {
  try {
    return await executeTournamentRun(data.tournamentRunId, {
      signal: ctx.signal,
      onProgress: ({ done, total, judgeCalls }) => ctx.progress(total ? (100 * done) / total : 100, { done, total, judgeCalls }),
    });
  } catch (error) {
    const attempts = ctx.job.opts.attempts ?? 1;
    await recordRunFailure(data.tournamentRunId, error, ctx.job.attemptsMade + 1 >= attempts).catch(() => undefined);
    throw error;
  }
});
