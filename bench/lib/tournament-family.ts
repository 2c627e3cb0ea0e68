/**
 * A family of tournament policies the engine can run within one judgement budget, for the bench's
 * "best achievable" reference: where the default mode misses round robin's top-1, is a better policy
 * of the same budget within reach at all? Each member is an engine config (Swiss rounds in one or both
 * orders, a Bradley-Terry prior, then adaptive duels picked by z or expected improvement, in a pool of
 * the top k or everyone, with or without an early stop), its game cap set so that no tournament can ask
 * more than `budget` distinct judgements. The default design is member 0, so the family's best is never
 * below it on the seeds it is chosen on.
 */

import { Rng, type SwissConfig } from "../../tournaments/index";

export interface FamilyMember {
  name: string;
  config: (n: number, seed: string) => SwissConfig;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];

/** The judgements `rounds` Swiss rounds ask at most (a game is one judgement per order played). */
function swissJudgements(n: number, rounds: number, bothOrders: boolean): number {
  return rounds * Math.floor(n / 2) * (bothOrders ? 2 : 1);
}

/**
 * `size` members: the default design (given) first, then seeded random draws from the grid below.
 * Every member spends at most `budget(n)` judgements on n entrants.
 */
export function policyFamily(
  defaultDesign: (n: number, seed: string) => SwissConfig,
  budget: (n: number) => number,
  size: number,
  seed: string,
): FamilyMember[] {
  const rng = Rng.fromSeed(`policy-family-${seed}`);
  const members: FamilyMember[] = [{ name: "default", config: defaultDesign }];
  const seen = new Set<string>();
  while (members.length < size) {
    const bothOrders = rng.next() < 0.3;
    const rounds = pick(rng, [0, 1, 1, 2, 3]);
    const prior = pick(rng, [0.3, 0.5, 1, 2, 3]);
    const select = pick(rng, ["z", "expected-improvement"] as const);
    const top = pick(rng, [undefined, 3, 4, 5]);
    const stopRisk = pick(rng, [undefined, 0.2, 0.5]);
    const wide = rng.next() < 0.5;
    const name = `${bothOrders ? "both" : "one"}-r${rounds}-p${prior}-${select === "z" ? "z" : "ei"}-top${top ?? "all"}-stop${stopRisk ?? "none"}${wide ? "-wide" : ""}`;
    if (seen.has(name)) continue;
    seen.add(name);
    members.push({
      name,
      config: (n, s) => {
        const jpg = bothOrders ? 2 : 1;
        // no more Swiss rounds than the budget pays for (nor than a rematch-free Swiss can have)
        let r = Math.min(rounds, n % 2 === 0 ? n - 1 : n);
        while (r > 0 && swissJudgements(n, r, bothOrders) > budget(n)) r--;
        const left = Math.max(0, budget(n) - swissJudgements(n, r, bothOrders));
        return {
          seed: s,
          rounds: r,
          gameMode: bothOrders ? "both-orders" : "one-order",
          strengthModel: "judgements",
          prior,
          contender: [
            {
              kind: "adaptive",
              select,
              maxGames: Math.floor(left / jpg),
              ...(bothOrders ? {} : { rematches: "other-order" as const }),
              ...(top !== undefined ? { top: Math.min(top, n) } : {}),
              ...(stopRisk !== undefined ? { stopRisk } : {}),
              perRound: wide ? Math.max(1, Math.floor(n / 8)) : 1,
            },
          ],
        };
      },
    });
  }
  return members;
}
