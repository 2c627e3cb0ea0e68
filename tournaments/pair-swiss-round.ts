/**
 * Swiss pairing for one round: score groups, no rematches, a bye for odd counts.
 *
 * Dutch-style, simplified (not FIDE C.04.3-exact): entrants are taken in ranking order; the highest
 * unpaired one prefers, inside its score group, the opponent half a group below it (S1 vs S2), then
 * nearby members of its group, then members of the nearest other score groups (floating, downwards
 * first). A backtracking search returns the first rematch-free pairing in that preference order, so a
 * float happens only when the group cannot be paired without a rematch.
 * Bye: the lowest-ranked entrant without a bye whose absence leaves a rematch-free pairing.
 * One-order games (sideBalance given): two entrants who were both shown first (or both second) at least
 * twice more often than the other way are not paired together, so |first − second| stays ≤ 2; if that
 * leaves no pairing, the constraint is dropped for the round.
 * If no rematch-free pairing exists (only possible late, once rounds approach N−1), returns null and
 * the engine ends the Swiss stage early (state.swissStoppedEarly). While rounds ≤ N/2 a pairing always
 * exists (Dirac: every entrant still has ≥ N/2 possible opponents), so that cannot happen at the
 * default ⌈log2 N⌉ rounds for N ≥ 4.
 */

import { pairKey } from "./compute-standings";
import type { EntrantId } from "./types";

export interface SwissPairingInput {
  /** Current ranking, best first. */
  ranked: readonly EntrantId[];
  scores: ReadonlyMap<EntrantId, number>;
  /** pairKey(a, b) of every pair that already met. */
  played: ReadonlySet<string>;
  /** Entrants that already had their bye. */
  hadBye: ReadonlySet<EntrantId>;
  /** One-order games: per entrant, times shown first minus times shown second. */
  sideBalance?: ReadonlyMap<EntrantId, number>;
  /** Search budget (recursive steps) before giving up; default 200 000. */
  maxSteps?: number;
}

export interface SwissPairing {
  /** [higher-ranked, lower-ranked] */
  pairs: [EntrantId, EntrantId][];
  bye: EntrantId | null;
}

export function pairSwissRound(input: SwissPairingInput): SwissPairing | null {
  if (input.sideBalance) {
    const balanced = pairWith(input, input.sideBalance);
    if (balanced) return balanced;
  }
  return pairWith(input, undefined);
}

function pairWith(input: SwissPairingInput, sides: ReadonlyMap<EntrantId, number> | undefined): SwissPairing | null {
  const { ranked } = input;
  const budget = { steps: input.maxSteps ?? 200_000 };
  if (ranked.length % 2 === 0) {
    const pairs = matchAll(ranked, input, sides, budget);
    return pairs && { pairs, bye: null };
  }
  for (let k = ranked.length - 1; k >= 0; k--) {
    const bye = ranked[k];
    if (input.hadBye.has(bye)) continue;
    const rest = ranked.filter((id) => id !== bye);
    const pairs = matchAll(rest, input, sides, budget);
    if (pairs) return { pairs, bye };
    if (budget.steps <= 0) return null;
  }
  return null;
}

function matchAll(
  players: readonly EntrantId[],
  { scores, played }: SwissPairingInput,
  sides: ReadonlyMap<EntrantId, number> | undefined,
  budget: { steps: number },
): [EntrantId, EntrantId][] | null {
  const n = players.length;
  const score = players.map((id) => scores.get(id) ?? 0);
  const side = players.map((id) => sides?.get(id) ?? 0);
  const can = (i: number, j: number) =>
    !played.has(pairKey(players[i], players[j])) && !(side[i] >= 2 && side[j] >= 2) && !(side[i] <= -2 && side[j] <= -2);
  const paired = new Array<boolean>(n).fill(false);
  const result: [number, number][] = [];

  // Every unpaired entrant must keep at least one possible opponent; prunes dead branches early.
  const feasible = (): boolean => {
    for (let i = 0; i < n; i++) {
      if (paired[i]) continue;
      let ok = false;
      for (let j = 0; j < n && !ok; j++) ok = j !== i && !paired[j] && can(i, j);
      if (!ok) return false;
    }
    return true;
  };

  const candidates = (p: number): number[] => {
    const unpaired: number[] = [];
    for (let j = 0; j < n; j++) if (j !== p && !paired[j]) unpaired.push(j);
    const group = unpaired.filter((j) => score[j] === score[p]);
    // p is the top unpaired member of its group; its S2 counterpart sits half a group below.
    const ideal = Math.floor((group.length + 1) / 2) - 1;
    const inGroup = [...group.slice(Math.max(ideal, 0)), ...group.slice(0, Math.max(ideal, 0)).reverse()];
    const others = unpaired
      .filter((j) => score[j] !== score[p])
      .sort((x, y) => {
        const dx = Math.abs(score[x] - score[p]);
        const dy = Math.abs(score[y] - score[p]);
        if (dx !== dy) return dx - dy;
        const downX = score[x] < score[p] ? 0 : 1;
        const downY = score[y] < score[p] ? 0 : 1;
        if (downX !== downY) return downX - downY;
        return x - y;
      });
    return [...inGroup, ...others].filter((j) => can(p, j));
  };

  const solve = (): boolean => {
    if (--budget.steps < 0) return false;
    const p = paired.indexOf(false);
    if (p === -1) return true;
    for (const q of candidates(p)) {
      paired[p] = paired[q] = true;
      result.push([p, q]);
      if (feasible() && solve()) return true;
      result.pop();
      paired[p] = paired[q] = false;
      if (budget.steps < 0) return false;
    }
    return false;
  };

  if (!solve()) return null;
  return result.map(([i, j]) => [players[i], players[j]]);
}
