/**
 * Convenience entrypoints: run a whole tournament, or resume one from a saved state. Both end in the
 * same result for the same seed and judge, whichever round the state was saved after.
 */

import { getTournamentResult, type TournamentResult } from "./get-tournament-result";
import { createTournament, playToEnd, type RunOptions } from "./swiss-tournament";
import type { EntrantId, EntrantInput, Judge, SwissConfig, TournamentState } from "./types";

export async function runSwissTournament(
  entrants: readonly (EntrantId | EntrantInput)[],
  judge: Judge,
  config: SwissConfig = {},
  options: RunOptions = {},
): Promise<TournamentResult> {
  return getTournamentResult(await playToEnd(createTournament(entrants, config), judge, options));
}

export async function resumeSwissTournament(
  state: TournamentState,
  judge: Judge,
  options: RunOptions = {},
): Promise<TournamentResult> {
  return getTournamentResult(await playToEnd(state, judge, options));
}
