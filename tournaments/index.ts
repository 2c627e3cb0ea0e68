/**
 * Public API of the tournament engine (pure TypeScript, no I/O, imports nothing outside tournaments/).
 * Picks a prompt's best answer among N candidates with a noisy, position-biased judge: Swiss rounds,
 * a contender stage among the leaders, then a Bradley-Terry ranking over all games. Round robin and
 * single elimination share the judge abstraction for comparison.
 */

export type {
  AdaptiveStageConfig,
  ContenderStageConfig,
  ContenderStageState,
  DuplicateEntrant,
  EntrantId,
  EntrantInput,
  Game,
  GameMode,
  GameStage,
  Judge,
  Judgement,
  JudgeRequest,
  Pairing,
  PlannedRound,
  PlayoffStageConfig,
  Points,
  PoolBy,
  ResolvedSwissConfig,
  RoundRecord,
  RoundRobinStageConfig,
  StrengthModel,
  SwissConfig,
  TournamentState,
  VerdictProbs,
} from "./types";
export { TournamentError, type TournamentErrorReason } from "./errors";
export {
  createTournament,
  applyVerdicts,
  playNextRound,
  playToEnd,
  isFinished,
  assertTournamentState,
  swissStandings,
  defaultSwissRounds,
  maxSwissRounds,
  defaultContender,
  btModelOf,
  type RunOptions,
} from "./swiss-tournament";
export { runSwissTournament, resumeSwissTournament } from "./run-swiss-tournament";
export { winnerConfidence, type WinnerConfidence } from "./winner-confidence";
export { getTournamentResult, type TournamentResult, type ContenderSummary } from "./get-tournament-result";
export { computeStandings, type Standing, type StandingsInput } from "./compute-standings";
export { pairSwissRound, type SwissPairing, type SwissPairingInput } from "./pair-swiss-round";
export { fitBradleyTerry, DEFAULT_PRIOR, type BtFit, type BtGame, type BtOptions } from "./fit-bradley-terry";
export { btData, DEFAULT_POSITION_BIAS_PRIOR, type BtModel } from "./bt-model";
export { rankByBradleyTerry, type RankedEntrant } from "./rank-by-bradley-terry";
export { scoreGame, pointsOf, mirrorVerdict } from "./score-game";
export { runRoundRobin, type RoundRobinResult, type BaselineOptions } from "./run-round-robin";
export { runSingleElimination, type SingleEliminationResult } from "./run-single-elimination";
export { Rng, seedRng, type RngState } from "./rng";
