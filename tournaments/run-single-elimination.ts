/**
 * Single-elimination baseline: a seeded knockout bracket (byes to the top seeds when N is not a power
 * of two), each game both orders, one judge call per bracket round. A drawn game (the two orders
 * disagree) goes to the entrant with the higher soft score, and if that is level too, to the higher
 * seed. Costs 2(N−1) judgements.
 */

import { bracketOrder, bracketSize } from "./bracket-order";
import { prepareEntrants } from "./prepare-entrants";
import { Rng } from "./rng";
import { requestsForAll, scoreRound } from "./score-game";
import type { BaselineOptions } from "./run-round-robin";
import type { DuplicateEntrant, EntrantId, EntrantInput, Game, Judge, Pairing } from "./types";

export interface SingleEliminationResult {
  winner: EntrantId;
  /** Bracket round (0-based) each entrant lost in; the winner has null. */
  eliminatedIn: Record<EntrantId, number | null>;
  games: Game[];
  judgeCalls: number;
  duplicates: DuplicateEntrant[];
}

export async function runSingleElimination(
  entrants: readonly (EntrantId | EntrantInput)[],
  judge: Judge,
  options: Omit<BaselineOptions, "prior"> = {},
): Promise<SingleEliminationResult> {
  const rng = Rng.fromSeed(options.seed ?? 0);
  const { entrants: ids, duplicates } = prepareEntrants(entrants, options.initialOrder ?? "shuffle", rng);
  const seedOf = new Map(ids.map((id, k) => [id, k]));
  const eliminatedIn: Record<EntrantId, number | null> = Object.fromEntries(ids.map((id) => [id, null]));
  // Slots in bracket order; null = bye.
  let slots: (EntrantId | null)[] = bracketOrder(bracketSize(ids.length)).map((s) => (s <= ids.length ? ids[s - 1] : null));
  const games: Game[] = [];
  for (let round = 0; slots.length > 1; round++) {
    const pairings: Pairing[] = [];
    for (let k = 0; k < slots.length; k += 2) {
      const [a, b] = [slots[k], slots[k + 1]];
      if (a !== null && b !== null) pairings.push({ a, b, order: "both" });
    }
    const played = pairings.length > 0 ? scoreRound(pairings, await judge(requestsForAll(pairings)), round, "elimination") : [];
    games.push(...played);
    const next: (EntrantId | null)[] = [];
    for (let k = 0; k < slots.length; k += 2) {
      const [a, b] = [slots[k], slots[k + 1]];
      if (a === null || b === null) {
        next.push(a ?? b);
        continue;
      }
      const g = played.find((x) => x.a === a && x.b === b)!;
      const aWins =
        g.pointsA !== 0.5 ? g.pointsA === 1 : Math.abs(g.expectedA - 0.5) > 1e-12 ? g.expectedA > 0.5 : seedOf.get(a)! < seedOf.get(b)!;
      eliminatedIn[aWins ? b : a] = round;
      next.push(aWins ? a : b);
    }
    slots = next;
  }
  return {
    winner: slots[0]!,
    eliminatedIn,
    games,
    judgeCalls: games.reduce((s, g) => s + g.judgements.length, 0),
    duplicates,
  };
}
