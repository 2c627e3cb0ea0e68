/** Edge cases with clear outcomes, typed errors, and the two baselines. */

import { describe, expect, it } from "vitest";
import { TournamentError } from "./errors";
import { pairSwissRound } from "./pair-swiss-round";
import { pairKey } from "./compute-standings";
import { Rng } from "./rng";
import { runRoundRobin } from "./run-round-robin";
import { runSingleElimination } from "./run-single-elimination";
import { applyVerdicts, createTournament, maxSwissRounds } from "./swiss-tournament";
import { getTournamentResult } from "./get-tournament-result";
import { runSwissTournament } from "./run-swiss-tournament";
import { contentJudge, counting, makeEntrants } from "./test-support";
import type { Judge } from "./types";

const never: Judge = async () => {
  throw new Error("the judge must not be called");
};

function strongestWins(strengths: Map<string, number>) {
  return contentJudge({ strengths, bias: 0, noise: 0 });
}

describe("edge cases", () => {
  it("one entrant wins without a game", async () => {
    const result = await runSwissTournament(["only"], never);
    expect(result.winner).toBe("only");
    expect(result.games).toBe(0);
    expect(result.judgeCalls).toBe(0);
    expect(result.ranking.map((r) => r.id)).toEqual(["only"]);
  });

  it("empty input is a typed error", async () => {
    await expect(runSwissTournament([], never)).rejects.toMatchObject({ name: "TournamentError", code: "Invalid", reason: "empty-input" });
    expect(() => createTournament([])).toThrow(TournamentError);
    await expect(runRoundRobin([], never)).rejects.toMatchObject({ reason: "empty-input" });
  });

  it("the same id twice is a typed error", () => {
    expect(() => createTournament(["a", "b", "a"])).toThrow(expect.objectContaining({ reason: "duplicate-id" }));
  });

  it("duplicate answers (same key) are judged once and reported", async () => {
    const strengths = new Map([
      ["a", 1],
      ["b", 0],
      ["c", -1],
    ]);
    const judge = counting(strongestWins(strengths));
    const result = await runSwissTournament(
      [
        { id: "b", key: "text-b" },
        { id: "b-copy", key: "text-b" },
        { id: "a", key: "text-a" },
        { id: "c", key: "text-c" },
        { id: "a-copy", key: "text-a" },
      ],
      judge,
    );
    expect(result.duplicates).toEqual([
      { id: "a-copy", sameAs: "a" },
      { id: "b-copy", sameAs: "b" },
    ]);
    expect(result.ranking.map((r) => r.id).sort()).toEqual(["a", "b", "c"]);
    for (const batch of judge.batches) for (const r of batch) expect(["a", "b", "c"]).toContain(r.first);
    expect(result.winner).toBe("a");
  });

  it("all entrants duplicates of one answer → that answer wins without a game", async () => {
    const result = await runSwissTournament(
      [
        { id: "x", key: "k" },
        { id: "y", key: "k" },
      ],
      never,
    );
    expect(result.winner).toBe("x");
    expect(result.duplicates).toEqual([{ id: "y", sameAs: "x" }]);
  });

  it("rejects a judge that returns the wrong number of verdicts or bad probabilities", async () => {
    const state = createTournament(["a", "b", "c", "d"]);
    expect(() => applyVerdicts(state, [])).toThrow(expect.objectContaining({ reason: "invalid-verdicts" }));
    const bad = state.next!.requests.map(() => ({ better: -1, same: 0, worse: 2 }));
    expect(() => applyVerdicts(state, bad)).toThrow(expect.objectContaining({ reason: "invalid-verdicts" }));
    const nan = state.next!.requests.map(() => ({ better: Number.NaN, same: 0, worse: 1 }));
    expect(() => applyVerdicts(state, nan)).toThrow(TournamentError);
  });

  it("rejects invalid configs", () => {
    expect(() => createTournament(["a", "b"], { rounds: -1 })).toThrow(expect.objectContaining({ reason: "invalid-config" }));
    expect(() => createTournament(["a", "b"], { prior: 0 })).toThrow(expect.objectContaining({ reason: "invalid-config" }));
    expect(() => createTournament(["a", "b"], { contender: [{ kind: "playoff", top: 1, bestOf: 3 }] })).toThrow(TournamentError);
  });

  it("refuses to play past the end", async () => {
    const state = createTournament(["a"]);
    expect(state.next).toBeNull();
    expect(() => applyVerdicts(state, [])).toThrow(expect.objectContaining({ reason: "finished" }));
  });

  it("defaults to ⌈log2 N⌉ Swiss rounds and caps rounds at what a no-rematch Swiss allows", async () => {
    expect(createTournament(["a", "b", "c", "d", "e"]).config.rounds).toBe(3);
    expect(createTournament(["a", "b", "c", "d"], { rounds: 10 }).config.rounds).toBe(3);
    expect(createTournament(["a", "b", "c"], { rounds: 10 }).config.rounds).toBe(3);
    expect(maxSwissRounds(6)).toBe(5);
  });

  it("with a noise-free judge, every method finds the strongest", async () => {
    for (const n of [2, 3, 5, 8, 13, 32]) {
      const { ids, strengths } = makeEntrants(n, Rng.fromSeed(`clean-${n}`));
      const best = ids.reduce((b, id) => (strengths.get(id)! > strengths.get(b)! ? id : b));
      const judge = strongestWins(strengths);
      expect((await runSwissTournament(ids, judge, { seed: n })).winner).toBe(best);
      expect((await runRoundRobin(ids, judge)).winner).toBe(best);
      expect((await runSingleElimination(ids, judge)).winner).toBe(best);
    }
  });
});

describe("pairSwissRound", () => {
  it("returns null when no rematch-free pairing exists", () => {
    // A has met everyone: A cannot be paired, and with 4 entrants nobody can take a bye.
    const played = new Set([pairKey("A", "B"), pairKey("A", "C"), pairKey("A", "D")]);
    const scores = new Map([...["A", "B", "C", "D"]].map((id) => [id, 0]));
    expect(pairSwissRound({ ranked: ["A", "B", "C", "D"], scores, played, hadBye: new Set() })).toBeNull();
    // a fifth entrant: the bye goes to the lowest-ranked whose absence leaves a pairing — E's does not
    // (A would be stuck), D's does (A–E, B–C)
    const five = pairSwissRound({ ranked: ["A", "B", "C", "D", "E"], scores, played, hadBye: new Set() });
    expect(five).toEqual({ pairs: [["A", "E"], ["B", "C"]], bye: "D" });
    // if A has met all four, only A's bye works; if A already had a bye, nothing works
    const all = new Set([...played, pairKey("A", "E")]);
    expect(pairSwissRound({ ranked: ["A", "B", "C", "D", "E"], scores, played: all, hadBye: new Set() })?.bye).toBe("A");
    expect(pairSwissRound({ ranked: ["A", "B", "C", "D", "E"], scores, played: all, hadBye: new Set(["A"]) })).toBeNull();
  });

  it("floats the lowest of an odd score group down to the next group", () => {
    const scores = new Map([
      ["A", 2],
      ["B", 2],
      ["C", 2],
      ["D", 1],
      ["E", 1],
      ["F", 1],
    ]);
    const p = pairSwissRound({ ranked: ["A", "B", "C", "D", "E", "F"], scores, played: new Set(), hadBye: new Set() });
    expect(p?.pairs).toEqual([
      ["A", "B"],
      ["C", "D"],
      ["E", "F"],
    ]);
  });
});

describe("baselines", () => {
  it("round robin plays every pair once, both orders, in one judge call", async () => {
    const { ids, strengths } = makeEntrants(7, Rng.fromSeed("rr"));
    const judge = counting(contentJudge({ strengths, bias: 0.5, noise: 1 }));
    const result = await runRoundRobin(ids, judge);
    expect(judge.calls).toBe(1);
    expect(result.judgeCalls).toBe(7 * 6);
    expect(new Set(result.games.map((g) => pairKey(g.a, g.b))).size).toBe(21);
    expect(result.standings.reduce((s, x) => s + x.score, 0)).toBe(21);
    expect(result.winner).toBe(result.standings[0].id);
  });

  it("single elimination uses 2(N−1) judgements and ⌈log2 N⌉ judge calls, byes to top seeds", async () => {
    for (const n of [2, 5, 8, 11]) {
      const { ids, strengths } = makeEntrants(n, Rng.fromSeed(`se-${n}`));
      const judge = counting(contentJudge({ strengths, bias: 0.5, noise: 1 }));
      const result = await runSingleElimination(ids, judge, { initialOrder: "given" });
      expect(result.judgeCalls).toBe(2 * (n - 1));
      expect(judge.calls).toBe(Math.ceil(Math.log2(n)));
      const out = Object.values(result.eliminatedIn).filter((x) => x !== null);
      expect(out).toHaveLength(n - 1);
      expect(result.eliminatedIn[result.winner]).toBeNull();
      if (n === 5) {
        // bracket of 8: seeds 1–3 have first-round byes; only 4 v 5 plays in round 0
        expect(result.games.filter((g) => g.round === 0).map((g) => [g.a, g.b])).toEqual([[ids[3], ids[4]]]);
      }
    }
  });
});

describe("result read model", () => {
  it("reports a partial result mid-tournament and a final one at the end", async () => {
    const { ids, strengths } = makeEntrants(6, Rng.fromSeed("partial"));
    const judge = contentJudge({ strengths, bias: 0.5, noise: 1 });
    let state = createTournament(ids, { seed: 3 });
    state = applyVerdicts(state, await judge(state.next!.requests));
    const partial = getTournamentResult(state);
    expect(partial.finished).toBe(false);
    expect(partial.winner).toBeNull();
    expect(partial.games).toBe(3);
    expect(partial.standings.reduce((s, x) => s + x.score, 0)).toBe(3);
  });
});
