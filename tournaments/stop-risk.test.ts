/**
 * The adaptive stage's `stopRisk`: stop dueling once the leader is clear, i.e. once the expected number
 * of pool members stronger than it (Σ_i Φ(−z_i) under the Laplace posterior) is below the threshold.
 */

import { describe, expect, it } from "vitest";
import { getTournamentResult } from "./get-tournament-result";
import { leaderRisk, normalCdf, planAdaptiveDuels } from "./plan-adaptive-duels";
import { runSwissTournament } from "./run-swiss-tournament";
import { scoreGame } from "./score-game";
import { applyVerdicts, createTournament, playToEnd } from "./swiss-tournament";
import { Rng } from "./rng";
import { BETTER, contentJudge, WORSE } from "./test-support";
import type { AdaptiveStageConfig, Game, Judge, SwissConfig } from "./types";

function oneOrderGame(first: string, second: string, firstWins: boolean, round: number): Game {
  return scoreGame(first, second, [{ first, second, verdict: firstWins ? BETTER : WORSE }], round, "contender");
}

/** `wins` of `games` one-order games of `a` against each other entrant, sides alternating. */
function record(a: string, others: string[], games: number, wins: number): Game[] {
  const out: Game[] = [];
  let round = 0;
  for (const b of others) {
    for (let g = 0; g < games; g++) {
      const aWins = g < wins;
      out.push(g % 2 === 0 ? oneOrderGame(a, b, aWins, round++) : oneOrderGame(b, a, !aWins, round++));
    }
  }
  return out;
}

const model = { prior: 1, strengthModel: "judgements" as const };
const ei = (extra: Partial<AdaptiveStageConfig> = {}): AdaptiveStageConfig => ({
  kind: "adaptive",
  maxGames: 100,
  rematches: true,
  select: "expected-improvement",
  ...extra,
});

describe("leaderRisk", () => {
  it("sums Φ(−z) over everyone but the leader, a challenger level with it counting ½", () => {
    const z = new Map([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 2.5],
    ]);
    expect(leaderRisk(z, 0)).toBeCloseTo(normalCdf(0) + normalCdf(-1) + normalCdf(-2.5), 12);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(leaderRisk(new Map([[4, 0]]), 4)).toBe(0);
  });
});

describe("adaptive stage with stopRisk", () => {
  const entrants = ["L", "A", "B", "C"];

  it("plans nothing once the leader is clear, and keeps dueling while it is not", () => {
    const clear = record("L", ["A", "B", "C"], 8, 8); // L won all 24
    const close = record("L", ["A", "B", "C"], 8, 5); // L won 15 of 24
    const plan = (games: Game[], cfg: AdaptiveStageConfig) => planAdaptiveDuels(cfg, entrants, 0, { entrants, games, model }).pairs;
    expect(plan(clear, ei())).not.toBeNull(); // without the stop, the budget is spent
    expect(plan(clear, ei({ stopRisk: 0.2 }))).toBeNull();
    expect(plan(close, ei({ stopRisk: 0.2 }))).not.toBeNull();
    expect(plan(close, ei({ stopRisk: 3 }))).toBeNull(); // risk < number of challengers always
    // the "z" selection honours it too
    expect(planAdaptiveDuels({ kind: "adaptive", maxGames: 100, rematches: true, stopRisk: 0.2 }, entrants, 0, { entrants, games: clear, model }).pairs).toBeNull();
  });

  it("spends few judgements on a clear field and more on a close one, within maxGames", async () => {
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const config = (): SwissConfig => ({
      seed: 3,
      gameMode: "one-order",
      strengthModel: "judgements",
      prior: 1,
      rounds: 1,
      contender: [ei({ maxGames: 36, stopRisk: 0.8 })],
    });
    const clearField = new Map(ids.map((id, i) => [id, i === 5 ? 4 : 0.2 * i - 0.7]));
    const closeField = new Map(ids.map((id, i) => [id, 0.05 * i]));
    // a judge that samples (fresh noise per judgement): a deterministic one repeats its verdicts on a
    // replay, which makes any leader look clear
    const sampling = (strengths: Map<string, number>): Judge => {
      const rng = Rng.fromSeed("sampling");
      return async (requests) =>
        requests.map(({ first, second }) => {
          const u = rng.next() || 0.5;
          return strengths.get(first)! - strengths.get(second)! + 0.5 + Math.log(u / (1 - u)) > 0 ? BETTER : WORSE;
        });
    };
    const clear = await runSwissTournament(ids, sampling(clearField), config());
    const close = await runSwissTournament(ids, sampling(closeField), config());
    expect(clear.winner).toBe("f");
    expect(clear.judgeCalls).toBeLessThan(close.judgeCalls);
    expect(clear.judgeCalls).toBeLessThan(4 + 36);
    expect(close.judgeCalls).toBeLessThanOrEqual(4 + 36);
  });

  it("is deterministic and resumes to the same result", async () => {
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    const strengths = new Map(ids.map((id, i) => [id, Math.sin(i * 2.1)]));
    const judge = contentJudge({ strengths, bias: 0.5, noise: 1, seed: "r" });
    const config: SwissConfig = { seed: 9, gameMode: "one-order", strengthModel: "judgements", prior: 1, rounds: 1, contender: [ei({ maxGames: 30, stopRisk: 0.8 })] };
    const a = await runSwissTournament(ids, judge, config);
    expect(await runSwissTournament(ids, judge, config)).toEqual(a);
    let state = createTournament(ids, config);
    for (let r = 0; r < 3 && state.next; r++) state = applyVerdicts(state, await judge(state.next.requests));
    expect(getTournamentResult(await playToEnd(JSON.parse(JSON.stringify(state)), judge))).toEqual(a);
  });

  it("rejects a stopRisk that is not a positive finite number", () => {
    for (const stopRisk of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "1" as never]) {
      expect(() => createTournament(["a", "b"], { contender: [ei({ maxGames: 2, stopRisk })] })).toThrow(
        expect.objectContaining({ reason: "invalid-config" }),
      );
    }
  });
});
