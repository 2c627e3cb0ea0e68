/**
 * Input validation and duplicate collapsing. Entrants sharing a `key` (e.g. a hash of the answer
 * text) are the same answer: only one plays, the others are reported as duplicates of it.
 */

import { TournamentError } from "./errors";
import type { Rng } from "./rng";
import type { DuplicateEntrant, EntrantId, EntrantInput } from "./types";

export interface PreparedEntrants {
  /** Entrants that play, in pairing-number order. */
  entrants: EntrantId[];
  duplicates: DuplicateEntrant[];
}

export function prepareEntrants(
  input: readonly (EntrantId | EntrantInput)[],
  order: "shuffle" | "given",
  rng: Rng,
): PreparedEntrants {
  if (!Array.isArray(input) || input.length === 0) {
    throw new TournamentError("empty-input", "a tournament needs at least one entrant");
  }
  const items = input.map((x) => (typeof x === "string" ? { id: x } : x));
  const seen = new Set<EntrantId>();
  for (const { id } of items) {
    if (typeof id !== "string" || id.length === 0) throw new TournamentError("invalid-config", "entrant ids must be non-empty strings");
    if (seen.has(id)) throw new TournamentError("duplicate-id", `entrant id "${id}" appears twice`);
    seen.add(id);
  }
  // "shuffle" must not depend on the listing order, so work from the ids sorted.
  const listed = order === "shuffle" ? [...items].sort((x, y) => cmp(x.id, y.id)) : items;
  const byKey = new Map<string, EntrantId>();
  const players: EntrantId[] = [];
  const duplicates: DuplicateEntrant[] = [];
  for (const { id, key } of listed) {
    const k = key ?? `\u0000id:${id}`;
    const rep = byKey.get(k);
    if (rep === undefined) {
      byKey.set(k, id);
      players.push(id);
    } else {
      duplicates.push({ id, sameAs: rep });
    }
  }
  return { entrants: order === "shuffle" ? rng.shuffle(players) : players, duplicates };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
