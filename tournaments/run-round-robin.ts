/**
 * Round robin baseline: every pair plays once, both orders, all in ONE judge call. Ranked by the same
 * standings as the Swiss stage (score, direct encounter, Buchholz cut-1, Sonneborn-Berger, BT).
 * Costs N(N−1) judgements; the reference point the Swiss engine is measured against.
 */

import { computeStandings, type Standing } from "./compute-standings";
import { DEFAULT_PRIOR } from "./fit-bradley-terry";
import { prepareEntrants } from "./prepare-entrants";
import { Rng } from "./rng";
import { requestsForAll, scoreRound } from "./score-game";
import type { DuplicateEntrant, EntrantId, EntrantInput, Game, Judge, Pairing } from "./types";

export interface BaselineOptions {
  seed?: number | string;
  prior?: number;
  initialOrder?: "shuffle" | "given";
}

export interface RoundRobinResult {
  winner: EntrantId;
  standings: Standing[];
  games: Game[];
  judgeCalls: number;
  duplicates: DuplicateEntrant[];
}

export async function runRoundRobin(
  entrants: readonly (EntrantId | EntrantInput)[],
  judge: Judge,
  options: BaselineOptions = {},
): Promise<RoundRobinResult> {
  const rng = Rng.fromSeed(options.seed ?? 0);
  const { entrants: ids, duplicates } = prepareEntrants(entrants, options.initialOrder ?? "shuffle", rng);
  const pairings: Pairing[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) pairings.push({ a: ids[i], b: ids[j], order: "both" });
  }
  const games = pairings.length > 0 ? scoreRound(pairings, await judge(requestsForAll(pairings)), 0, "round-robin") : [];
  const standings = computeStandings({ entrants: ids, games, byes: [], prior: options.prior ?? DEFAULT_PRIOR });
  return {
    winner: standings[0].id,
    standings,
    games,
    judgeCalls: games.reduce((s, g) => s + g.judgements.length, 0),
    duplicates,
  };
}
