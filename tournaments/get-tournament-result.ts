/**
 * The read model of a tournament state: Swiss standings (Swiss games only, with tie-breaks), the final
 * Bradley-Terry ranking over ALL games (Swiss + contender stages) with uncertainty, and the winner,
 * which is the top of that ranking.
 */

import type { Standing } from "./compute-standings";
import { rankByBradleyTerry, type RankedEntrant } from "./rank-by-bradley-terry";
import { allGames, btModelOf, swissStandings } from "./swiss-tournament";
import { winnerConfidence } from "./winner-confidence";
import type { ContenderStageConfig, DuplicateEntrant, EntrantId, RoundRecord, TournamentState } from "./types";

export interface ContenderSummary {
  stage: number;
  kind: ContenderStageConfig["kind"];
  pool: EntrantId[];
  games: number;
  /** Playoff stages: the bracket winner (null while undecided). */
  champion?: EntrantId | null;
}

export interface TournamentResult {
  finished: boolean;
  /** Top of `ranking` once finished; null before. */
  winner: EntrantId | null;
  /** Bradley-Terry over every game played, best first. */
  ranking: RankedEntrant[];
  /** Swiss-stage standings with every tie-break value. */
  standings: Standing[];
  contender: ContenderSummary[];
  duplicates: DuplicateEntrant[];
  rounds: RoundRecord[];
  games: number;
  /** Once finished: P(the winner is the best) under the final fit (winner-confidence.ts); else null. */
  confidence: number | null;
  /** Games were played and every judgement was a draw: the winner is arbitrary. */
  allDraws: boolean;
  /** Individual judgements requested. */
  judgeCalls: number;
  swissRoundsPlayed: number;
  swissStoppedEarly: boolean;
}

export function getTournamentResult(state: TournamentState): TournamentResult {
  const standings = swissStandings(state);
  const games = allGames(state);
  const ranking = rankByBradleyTerry(
    standings.map((s) => s.id),
    games,
    btModelOf(state.config),
  );
  const finished = state.next === null;
  const sure = finished ? winnerConfidence(state.entrants, ranking[0].id, games, btModelOf(state.config)) : null;
  return {
    finished,
    winner: finished ? ranking[0].id : null,
    ranking,
    standings,
    contender: state.contenderStages.map((st, stage) => ({
      stage,
      kind: st.kind,
      pool: st.pool,
      games: state.rounds.filter((r) => r.stage === "contender" && r.contenderStage === stage).reduce((s, r) => s + r.games.length, 0),
      ...(st.kind === "playoff" ? { champion: st.champion } : {}),
    })),
    duplicates: state.duplicates,
    rounds: state.rounds,
    games: games.length,
    confidence: sure?.confidence ?? null,
    allDraws: sure?.allDraws ?? (games.length > 0 && games.every((g) => g.pointsA === 0.5 && g.consistent)),
    judgeCalls: games.reduce((s, g) => s + g.judgements.length, 0),
    swissRoundsPlayed: state.swissRoundsPlayed,
    swissStoppedEarly: state.swissStoppedEarly,
  };
}
