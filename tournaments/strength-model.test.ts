/**
 * The judgement-level Bradley-Terry model (shown-first advantage estimated with the strengths) and the
 * adaptive stage's expected-improvement selection.
 */

import { describe, expect, it } from "vitest";
import { btData } from "./bt-model";
import { TournamentError } from "./errors";
import { fitBradleyTerry, sdOfDifference, type BtGame } from "./fit-bradley-terry";
import { getTournamentResult } from "./get-tournament-result";
import { normalCdf, planAdaptiveDuels } from "./plan-adaptive-duels";
import { Rng } from "./rng";
import { runSwissTournament } from "./run-swiss-tournament";
import { scoreGame } from "./score-game";
import { applyVerdicts, createTournament, playToEnd } from "./swiss-tournament";
import { BETTER, contentJudge, counting, makeEntrants, WORSE } from "./test-support";
import type { Game, Judgement } from "./types";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** One-order judgements between random pairs, random side, first-shown bonus `h`. */
function judgements(strengths: number[], count: number, h: number, rng: Rng, firstBias = 0.5): BtGame[] {
  const n = strengths.length;
  return Array.from({ length: count }, () => {
    const i = rng.int(n);
    let j = rng.int(n - 1);
    if (j >= i) j++;
    // `firstBias`: how often the lower index is shown first (0.5 = balanced)
    const [f, s] = (i < j) === rng.next() < firstBias ? [i, j] : [j, i];
    return { a: `e${f}`, b: `e${s}`, scoreA: rng.next() < sigmoid(strengths[f] - strengths[s] + h) ? 1 : 0, advantage: 1 };
  });
}

function oneOrderGame(first: string, second: string, verdict: Judgement["verdict"], round = 0): Game {
  return scoreGame(first, second, [{ first, second, verdict }], round, "contender");
}

describe("fitBradleyTerry with a shown-first advantage", () => {
  const truth = [-1.2, -0.6, 0, 0.5, 1.1];
  const ids = truth.map((_, i) => `e${i}`);

  it("recovers the advantage and the strengths from a large sample", () => {
    const fit = fitBradleyTerry(ids, judgements(truth, 6000, 0.5, Rng.fromSeed("adv-large")), { prior: 0.01, advantagePrior: 1 });
    expect(fit.advantage).toBeDefined();
    expect(Math.abs(fit.advantage! - 0.5)).toBeLessThan(4 * fit.advantageSe!);
    expect(fit.advantageSe!).toBeLessThan(0.05);
    const shift = -truth.reduce((s, t) => s + t, 0) / truth.length;
    fit.theta.forEach((t, k) => expect(Math.abs(t - (truth[k] + shift))).toBeLessThan(4 * fit.se[k]));
  });

  it("keeps a lopsided side assignment from leaking into the strengths", () => {
    // equal strengths; the lower index is shown first 90 % of the time, with a big first-shown bonus
    const games = judgements([0, 0, 0, 0], 4000, 1, Rng.fromSeed("adv-lopsided"), 0.9);
    const plain = fitBradleyTerry(["e0", "e1", "e2", "e3"], games, { prior: 0.01 });
    const withAdv = fitBradleyTerry(["e0", "e1", "e2", "e3"], games, { prior: 0.01, advantagePrior: 1 });
    expect(plain.theta[0] - plain.theta[3]).toBeGreaterThan(0.8); // e0 is mostly first: looks strong
    expect(Math.abs(withAdv.theta[0] - withAdv.theta[3])).toBeLessThan(4 * sdOfDifference(withAdv, 0, 3));
    expect(withAdv.advantage!).toBeGreaterThan(0.8);
  });

  it("is the plain fit when no game has an order effect, and has a zero gradient at the estimate", () => {
    const games = judgements(truth, 300, 0.4, Rng.fromSeed("adv-grad"));
    const flat = games.map((g) => ({ ...g, advantage: 0 }));
    const a = fitBradleyTerry(ids, flat, { prior: 0.5 });
    const b = fitBradleyTerry(ids, flat, { prior: 0.5, advantagePrior: 2 });
    b.theta.forEach((t, k) => expect(t).toBeCloseTo(a.theta[k], 9));
    expect(b.advantage).toBeCloseTo(0, 12);
    // the advantage is ignored without advantagePrior
    const ignored = fitBradleyTerry(ids, games, { prior: 0.5 });
    ignored.theta.forEach((t, k) => expect(t).toBeCloseTo(fitBradleyTerry(ids, flat, { prior: 0.5 }).theta[k], 12));
    // stationarity of the log posterior in (θ, h)
    const fit = fitBradleyTerry(ids, games, { prior: 0.5, advantagePrior: 2 });
    const grad = [...fit.theta.map((t) => -0.5 * t), -2 * fit.advantage!];
    for (const g of games) {
      const [i, j] = [ids.indexOf(g.a), ids.indexOf(g.b)];
      const r = g.scoreA - sigmoid(fit.theta[i] - fit.theta[j] + fit.advantage!);
      grad[i] += r;
      grad[j] -= r;
      grad[ids.length] += r;
    }
    grad.forEach((x) => expect(Math.abs(x)).toBeLessThan(1e-8));
  });

  it("rejects a bad advantage prior", () => {
    expect(() => fitBradleyTerry(ids, [], { advantagePrior: 0 })).toThrow(TournamentError);
  });
});

describe("btData", () => {
  const both = scoreGame(
    "x",
    "y",
    [
      { first: "x", second: "y", verdict: BETTER },
      { first: "y", second: "x", verdict: BETTER },
    ],
    0,
    "swiss",
  );
  const one = oneOrderGame("y", "x", WORSE);

  it("games model: one observation per game, its points, no order term", () => {
    const d = btData([both, one], 0.3);
    expect(d.games).toEqual([
      { a: "x", b: "y", scoreA: 0.5 },
      { a: "y", b: "x", scoreA: 0 },
    ]);
    expect(d.options).toEqual({ prior: 0.3 });
  });

  it("judgements model: one observation per judgement, from the first-shown's side, with the advantage", () => {
    const d = btData([both, one], { prior: 1, strengthModel: "judgements", positionBiasPrior: 4 });
    expect(d.games).toEqual([
      { a: "x", b: "y", scoreA: 1, advantage: 1 },
      { a: "y", b: "x", scoreA: 1, advantage: 1 },
      { a: "y", b: "x", scoreA: 0, advantage: 1 },
    ]);
    expect(d.options).toEqual({ prior: 1, advantagePrior: 4 });
  });
});

describe("strengthModel config", () => {
  it("defaults to the games model and leaves a default state as it was", () => {
    const st = createTournament(["a", "b", "c"]);
    expect(st.config.strengthModel).toBeUndefined();
    expect(st.config.positionBiasPrior).toBeUndefined();
    const j = createTournament(["a", "b", "c"], { strengthModel: "judgements" });
    expect(j.config.strengthModel).toBe("judgements");
    expect(j.config.positionBiasPrior).toBe(1);
  });

  it("rejects invalid values", () => {
    expect(() => createTournament(["a", "b"], { strengthModel: "x" as never })).toThrow(expect.objectContaining({ reason: "invalid-config" }));
    expect(() => createTournament(["a", "b"], { strengthModel: "judgements", positionBiasPrior: -1 })).toThrow(TournamentError);
    expect(() => createTournament(["a", "b"], { contender: [{ kind: "adaptive", maxGames: 2, select: "best" as never }] })).toThrow(
      expect.objectContaining({ reason: "invalid-config" }),
    );
  });

  it("a one-order tournament under the judgements model is deterministic and resumable", async () => {
    const { ids, strengths } = makeEntrants(9, Rng.fromSeed("jm"));
    const judge = contentJudge({ strengths, bias: 0.5, noise: 1 });
    const config = {
      seed: 5,
      gameMode: "one-order" as const,
      strengthModel: "judgements" as const,
      prior: 1,
      rounds: 0,
      contender: [
        { kind: "playoff" as const, top: 9, bestOf: 1 },
        { kind: "adaptive" as const, maxGames: 10, rematches: true, select: "expected-improvement" as const },
      ],
    };
    const a = await runSwissTournament(ids, judge, config);
    expect(await runSwissTournament(ids, judge, config)).toEqual(a);
    expect(a.judgeCalls).toBe(8 + 10);
    let state = createTournament(ids, config);
    for (let r = 0; r < 5; r++) state = applyVerdicts(state, await judge(state.next!.requests));
    expect(getTournamentResult(await playToEnd(JSON.parse(JSON.stringify(state)), judge))).toEqual(a);
  });
});

describe("adaptive stage, expected-improvement selection", () => {
  // L and K have each played 24 games against the field (F1, F2) and 26 against each other; L is
  // ahead by a little and both are well known. U lost its only game (to L): it trails by more, but
  // almost nothing is known about it. z picks the closest (K), EI the one that may be far better (U).
  function setup() {
    const entrants = ["L", "K", "U", "F1", "F2"];
    const games: Game[] = [];
    let round = 0;
    const add = (first: string, second: string, firstWins: boolean) =>
      games.push(oneOrderGame(first, second, firstWins ? BETTER : WORSE, round++));
    for (let r = 0; r < 12; r++) {
      add("L", "F1", r % 4 !== 0);
      add("F2", "L", r % 4 === 0);
      add("K", "F1", r % 4 !== 0);
      add("F2", "K", r % 4 === 0);
      add("K", "L", r % 2 === 0);
      add("L", "K", r % 2 === 0);
    }
    add("L", "K", true);
    add("K", "L", false);
    add("U", "L", false);
    return { entrants, games };
  }

  it("always pairs the leader and can prefer an uncertain challenger to the closest one", () => {
    const { entrants, games } = setup();
    const model = { prior: 1, strengthModel: "judgements" as const };
    const z = planAdaptiveDuels({ kind: "adaptive", maxGames: 5, rematches: true }, entrants, 0, { entrants, games, model });
    const ei = planAdaptiveDuels({ kind: "adaptive", maxGames: 5, rematches: true, select: "expected-improvement" }, entrants, 0, {
      entrants,
      games,
      model,
    });
    expect(z.pairs).toEqual([["L", "K"]]);
    expect(ei.pairs).toEqual([["L", "U"]]);
    const two = planAdaptiveDuels({ kind: "adaptive", maxGames: 5, perRound: 2, rematches: true, select: "expected-improvement" }, entrants, 0, {
      entrants,
      games,
      model,
    });
    expect(two.pairs).toEqual([
      ["L", "U"],
      ["L", "K"],
    ]);
    // without rematches only the leader's unplayed pairs qualify; maxGames bounds what is left
    const fresh = planAdaptiveDuels({ kind: "adaptive", maxGames: 5, perRound: 4, select: "expected-improvement" }, entrants, 0, {
      entrants,
      games,
      model,
    });
    expect(fresh.pairs).toBeNull();
    const nothing = planAdaptiveDuels({ kind: "adaptive", maxGames: 5, select: "expected-improvement" }, entrants, 5, {
      entrants,
      games,
      model,
    });
    expect(nothing.pairs).toBeNull();
  });

  it("computes Φ accurately", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
  });

  it("counts every judgement against the budget and plays one judge call per round", async () => {
    const { ids, strengths } = makeEntrants(8, Rng.fromSeed("ei-budget"));
    const judge = counting(contentJudge({ strengths, bias: 0.5, noise: 1 }));
    const result = await runSwissTournament(ids, judge, {
      gameMode: "one-order",
      strengthModel: "judgements",
      prior: 1,
      rounds: 1,
      contender: [{ kind: "adaptive", maxGames: 14, rematches: true, select: "expected-improvement" }],
    });
    expect(result.judgeCalls).toBe(18);
    expect(judge.calls).toBe(result.rounds.length);
    expect(result.rounds.filter((r) => r.stage === "contender")).toHaveLength(14);
  });
});
