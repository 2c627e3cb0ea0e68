/**
 * Job `tournament.run` {tournamentRunId}: plays every unfinished prompt tournament of the run.
 * Resumable by construction (core/tournaments/execute-tournament-run.ts): a retried or recovered job
 * skips finished prompts and continues unfinished ones from their last saved round, re-judging nothing.
 * The run row records each failure, and "failed" once no attempt remains (failure-policy.ts).
 */
import { executeTournamentRun, recordRunFailure } from "@core/tournaments/execute-tournament-run";
import { defineJob } from "../define-job";

export const tournamentRun = defineJob(
  "tournament.run",
  (data, ctx) =>
    executeTournamentRun(data.tournamentRunId, {
      signal: ctx.signal,
      onProgress: ({ done, total, judgeCalls }) => ctx.progress(total ? (100 * done) / total : 100, { done, total, judgeCalls }),
    }),
  {
    onRetry: (data, f) => recordRunFailure(data.tournamentRunId, new Error(f.message), false),
    onFinalFailure: (data, f) => recordRunFailure(data.tournamentRunId, new Error(f.message), true),
  },
);
