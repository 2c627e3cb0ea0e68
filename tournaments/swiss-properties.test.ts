/**
 * Property tests over many seeded random tournaments (N 2–64, odd and even, both game modes, every
 * contender kind): the Swiss invariants, conservation of points, order symmetry, determinism and
 * resume-equals-uninterrupted.
 */

import { describe, expect, it } from "vitest";
import { pairKey } from "./compute-standings";
import { Rng } from "./rng";
import { scoreGame } from "./score-game";
import { createTournament, maxSwissRounds, playToEnd, swissGames } from "./swiss-tournament";
import { getTournamentResult } from "./get-tournament-result";
import { resumeSwissTournament, runSwissTournament } from "./run-swiss-tournament";
import { contentJudge, contentVerdict, counting, makeEntrants } from "./test-support";
import type { ContenderStageConfig, Judge, SwissConfig, TournamentState } from "./types";

interface Case {
  name: string;
  ids: string[];
  judge: Judge;
  config: SwissConfig;
}

const EDGE_SIZES = [2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64];

function makeCase(k: number, maxN = 64): Case {
  const rng = Rng.fromSeed(`case-${k}`);
  const n = k < EDGE_SIZES.length && EDGE_SIZES[k] <= maxN ? EDGE_SIZES[k] : 2 + rng.int(maxN - 1);
  const { ids, strengths } = makeEntrants(n, rng);
  const contenders: (ContenderStageConfig[] | undefined)[] = [
    undefined,
    [],
    [{ kind: "round-robin", top: 4 }],
    [{ kind: "playoff", top: 4, bestOf: 3 }],
    [
      {
        kind: "adaptive",
        maxGames: n,
        perRound: 1 + rng.int(4),
        rematches: rng.next() < 0.5,
        // from k, not the rng, so every other case draws what it always drew
        ...(k % 2 === 1 ? { select: "expected-improvement" as const } : {}),
      },
    ],
    [{ kind: "round-robin", top: 3 }, { kind: "playoff", top: 2, bestOf: 2, poolBy: "standings" }],
  ];
  const deep = n <= 10 && rng.next() < 0.4; // every possible round: exercises late, constrained pairings
  const config: SwissConfig = {
    seed: rng.int(1_000_000),
    gameMode: rng.next() < 0.3 ? "one-order" : "both-orders",
    ...(deep ? { rounds: maxSwissRounds(n) } : {}),
    contender: contenders[rng.int(contenders.length)],
    ...(k % 3 === 1 ? { strengthModel: "judgements" as const, prior: 1 } : {}),
  };
  const judge = contentJudge({
    strengths,
    bias: 0.4,
    noise: 1,
    sameBand: rng.next() < 0.3 ? 0.3 : 0,
    soft: rng.next() < 0.2,
    seed: k,
  });
  return { name: `#${k} N=${n} ${JSON.stringify(config)}`, ids, judge, config };
}

const CASES = Array.from({ length: 90 }, (_, k) => makeCase(k));

async function finalState(c: Case, onRound?: (s: TournamentState) => void) {
  const judge = counting(c.judge);
  const state = await playToEnd(createTournament(c.ids, c.config), judge, { onRound });
  return { state, judge };
}

/** Brute force: does a rematch-free pairing (with a bye to someone without one, if odd) exist? */
function pairingExists(ids: string[], played: Set<string>, hadBye: Set<string>): boolean {
  const match = (rest: string[]): boolean => {
    if (rest.length === 0) return true;
    const [p, ...others] = rest;
    return others.some((q) => !played.has(pairKey(p, q)) && match(others.filter((x) => x !== q)));
  };
  if (ids.length % 2 === 0) return match(ids);
  return ids.some((b) => !hadBye.has(b) && match(ids.filter((x) => x !== b)));
}

describe("Swiss invariants over random tournaments", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { state, judge } = await finalState(c);
    const entrants = new Set(state.entrants);
    const swissRounds = state.rounds.filter((r) => r.stage === "swiss");

    // One judge call per round, asking exactly the planned requests.
    expect(judge.calls).toBe(state.rounds.length);
    state.rounds.forEach((r, i) => {
      expect(judge.batches[i].length).toBe(r.games.reduce((s, g) => s + g.judgements.length, 0));
    });

    // No rematch within the Swiss rounds.
    const keys = swissGames(state).map((g) => pairKey(g.a, g.b));
    expect(new Set(keys).size).toBe(keys.length);

    // Every entrant plays exactly once per Swiss round or has that round's bye; a bye iff N is odd.
    for (const r of swissRounds) {
      const seen = [...r.games.flatMap((g) => [g.a, g.b]), ...(r.bye ? [r.bye] : [])];
      expect(seen.length).toBe(entrants.size);
      expect(new Set(seen)).toEqual(entrants);
      expect(r.bye !== null).toBe(entrants.size % 2 === 1);
    }

    // At most one bye per entrant.
    const byes = swissRounds.flatMap((r) => (r.bye ? [r.bye] : []));
    expect(new Set(byes).size).toBe(byes.length);

    // Points are conserved: Swiss points = games + byes; ranking points = all games.
    const result = getTournamentResult(state);
    const swissPoints = result.standings.reduce((s, x) => s + x.score, 0);
    expect(swissPoints).toBe(swissGames(state).length + byes.length);
    expect(result.ranking.reduce((s, x) => s + x.points, 0)).toBeCloseTo(result.games, 9);
    for (const s of result.standings) expect(s.wins + s.draws + s.losses).toBe(s.played);

    // The configured rounds are played unless no rematch-free pairing existed, and then truly none did.
    expect(state.swissRoundsPlayed).toBeLessThanOrEqual(state.config.rounds);
    if (state.swissRoundsPlayed < state.config.rounds) {
      expect(state.swissStoppedEarly).toBe(true);
      if (entrants.size <= 10) expect(pairingExists(state.entrants, new Set(keys), new Set(byes))).toBe(false);
    }

    // Winner is the top of the final ranking; every entrant ranked once.
    expect(result.finished).toBe(true);
    expect(result.winner).toBe(result.ranking[0].id);
    expect(new Set(result.ranking.map((r) => r.id))).toEqual(entrants);
    for (const r of result.ranking) expect(r.lower).toBeLessThan(r.upper);
  });

  it("keeps who-is-shown-first balanced in one-order Swiss rounds (|first − second| ≤ 2)", async () => {
    for (let k = 0; k < 25; k++) {
      const c = makeCase(1000 + k, 40);
      const { state } = await finalState({ ...c, config: { ...c.config, gameMode: "one-order", contender: [] } });
      const balance = new Map<string, number>();
      for (const g of swissGames(state)) {
        expect(g.judgements).toHaveLength(1);
        const { first, second } = g.judgements[0];
        balance.set(first, (balance.get(first) ?? 0) + 1);
        balance.set(second, (balance.get(second) ?? 0) - 1);
      }
      for (const b of balance.values()) expect(Math.abs(b)).toBeLessThanOrEqual(2);
    }
  });
});

describe("order symmetry", () => {
  it("a both-order game listed (a, b) or (b, a) gives mirrored results", () => {
    const strengths = new Map([
      ["x", 0.3],
      ["y", 0],
    ]);
    for (let seed = 0; seed < 200; seed++) {
      const o = { strengths, bias: 0.8, noise: 1, sameBand: 0.2, soft: seed % 3 === 0, seed };
      const js = [
        { first: "x", second: "y", verdict: contentVerdict(o, { first: "x", second: "y" }) },
        { first: "y", second: "x", verdict: contentVerdict(o, { first: "y", second: "x" }) },
      ];
      const xy = scoreGame("x", "y", js, 0, "swiss");
      const yx = scoreGame("y", "x", [...js].reverse(), 0, "swiss");
      expect(yx.pointsA).toBe(1 - xy.pointsA);
      expect(yx.probs.better).toBeCloseTo(xy.probs.worse, 12);
      expect(yx.probs.same).toBeCloseTo(xy.probs.same, 12);
      expect(yx.expectedA).toBeCloseTo(1 - xy.expectedA, 12);
      expect(yx.consistent).toBe(xy.consistent);
    }
  });

  it("listing the entrants in another order gives the same tournament", async () => {
    for (const c of CASES.filter((_, k) => k % 3 === 0)) {
      const reversed = [...c.ids].reverse();
      const shuffled = Rng.fromSeed(c.name).shuffle(c.ids);
      const base = await runSwissTournament(c.ids, c.judge, c.config);
      for (const order of [reversed, shuffled]) {
        const other = await runSwissTournament(order, c.judge, c.config);
        expect(other.winner).toBe(base.winner);
        expect(other.standings).toEqual(base.standings);
        expect(other.ranking).toEqual(base.ranking);
        expect(other.rounds).toEqual(base.rounds);
      }
    }
  });

  it("with a position-unbiased judge, a both-order game scores like its one-order halves agree", () => {
    const strengths = new Map([
      ["x", 0.5],
      ["y", 0],
    ]);
    const o = { strengths, bias: 0, noise: 0 };
    const js = [
      { first: "x", second: "y", verdict: contentVerdict(o, { first: "x", second: "y" }) },
      { first: "y", second: "x", verdict: contentVerdict(o, { first: "y", second: "x" }) },
    ];
    const g = scoreGame("x", "y", js, 0, "swiss");
    expect(g.pointsA).toBe(1);
    expect(g.consistent).toBe(true);
  });
});

describe("determinism and resumption", () => {
  it("the same seed gives the same standings; another seed may pair differently", async () => {
    let differs = 0;
    for (const c of CASES.slice(0, 30)) {
      const a = await runSwissTournament(c.ids, c.judge, c.config);
      const b = await runSwissTournament(c.ids, c.judge, c.config);
      expect(b).toEqual(a);
      const other = await runSwissTournament(c.ids, c.judge, { ...c.config, seed: `${c.config.seed}-other` });
      if (JSON.stringify(other.rounds[0]?.games.map((g) => [g.a, g.b])) !== JSON.stringify(a.rounds[0]?.games.map((g) => [g.a, g.b]))) {
        differs++;
      }
    }
    expect(differs).toBeGreaterThan(10);
  });

  it("resuming from the JSON state saved after any round ends exactly like an uninterrupted run", async () => {
    const cases = Array.from({ length: 24 }, (_, k) => makeCase(2000 + k, 24));
    for (const c of cases) {
      const saved: string[] = [];
      const { state } = await finalState(c, (s) => void saved.push(JSON.stringify(s)));
      const expected = getTournamentResult(state);
      expect(saved.length).toBe(state.rounds.length);
      // also from the state before any round was played
      saved.unshift(JSON.stringify(createTournament(c.ids, c.config)));
      for (const json of saved) {
        const resumed = await resumeSwissTournament(JSON.parse(json) as TournamentState, c.judge);
        expect(resumed).toEqual(expected);
      }
    }
  });
});
