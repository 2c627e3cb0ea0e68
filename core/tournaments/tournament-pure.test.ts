/** Pure parts of the tournaments app side: entrant preparation (bad input), config mapping, stats. */
import { describe, expect, it } from "vitest";
import { createTournament, playToEnd, getTournamentResult } from "@tournaments/index";
import { prepareEntrants } from "./prepare-prompt-entrants";
import { computeReferenceStats } from "./compute-reference-stats";
import { describeConfig, tournamentConfigInput, toSwissConfig } from "./tournament-config";
import { gameRow } from "./tournament-result-doc";

describe("prepareEntrants", () => {
  it("one non-empty answer is the winner without games; empty ones are excluded", () => {
    const p = prepareEntrants([{ id: "b", model: "m", text: "  " }, { id: "a", model: "m", text: "hi" }]);
    expect(p).toEqual({ kind: "single", winner: "a", excluded: [{ id: "b", reason: "empty" }], duplicates: [] });
  });
  it("no answer with text → none", () => {
    expect(prepareEntrants([]).kind).toBe("none");
    expect(prepareEntrants([{ id: "a", model: "m", text: "\n\t" }]).kind).toBe("none");
  });
  it("same text after normalisation is one entrant (keyed), represented by the smallest id", () => {
    const p = prepareEntrants([
      { id: "z", model: "m1", text: "Same.\r\n" },
      { id: "y", model: "m2", text: "Same." },
      { id: "x", model: "m3", text: "Other." },
    ]);
    expect(p.kind).toBe("play");
    if (p.kind !== "play") return;
    const keys = new Map(p.entrants.map((e) => [e.id, e.key]));
    expect(keys.get("y")).toBe(keys.get("z"));
    expect(keys.get("x")).not.toBe(keys.get("y"));
    // The engine collapses the twins: only one of them plays.
    const state = createTournament(p.entrants, { seed: 1 });
    expect(state.entrants.sort()).toEqual(["x", "y"]);
    expect(state.duplicates).toEqual([{ id: "z", sameAs: "y" }]);
  });
  it("all twins → single", () => {
    expect(prepareEntrants([{ id: "a", model: "m", text: "X" }, { id: "b", model: "n", text: " X " }])).toMatchObject({ kind: "single", winner: "a", duplicates: [{ id: "b", sameAs: "a" }] });
  });
});

describe("tournament config", () => {
  it("defaults: the default design (one order, duels until clear, other order for close pairs), overrides kept", () => {
    const c = tournamentConfigInput.parse({});
    expect(c).toEqual({ contender: { kind: "default" }, replaceOverrides: false, minConfidence: 0.3, undecided: "low-confidence" });
    expect(toSwissConfig(c, 3, "k", 8)).toEqual({
      seed: "3:k",
      rounds: 1,
      gameMode: "one-order",
      strengthModel: "judgements",
      prior: 1,
      contender: [{ kind: "adaptive", select: "expected-improvement", rematches: "other-order", maxGames: 14, stopRisk: 0.5, perRound: 1 }],
    });
    // a third of a both-order round robin in all: 4 Swiss judgements + 14 duels = 18 ≤ 56 / 3
    expect(toSwissConfig(c, 3, "k", 32).contender).toMatchObject([{ maxGames: Math.floor((32 * 31) / 3) - 16, perRound: 4 }]);
    // a knob set on the form wins over the design's
    expect(toSwissConfig(tournamentConfigInput.parse({ gameMode: "both-orders", rounds: 2 }), 3, "k", 8)).toMatchObject({ gameMode: "both-orders", rounds: 2 });
    expect(describeConfig(c)).toMatch(/1 Swiss round, duels until the leader is clear .* one order per game/);
  });
  it("maps contender stages onto the engine", () => {
    const c = tournamentConfigInput.parse({ rounds: 2, contender: { kind: "playoff", top: 4, bestOf: 3 } });
    expect(toSwissConfig(c, 1, "p", 8)).toMatchObject({ rounds: 2, contender: [{ kind: "playoff", top: 4, bestOf: 3 }] });
    expect(toSwissConfig(tournamentConfigInput.parse({ contender: { kind: "none" } }), 1, "p", 8).contender).toEqual([]);
    const clear = tournamentConfigInput.parse({ contender: { kind: "until-clear", maxGames: 12 } });
    expect(toSwissConfig(clear, 1, "p", 8).contender).toEqual([{ kind: "adaptive", select: "expected-improvement", maxGames: 12, stopRisk: 0.8 }]);
    expect(describeConfig(clear)).toMatch(/until the leader is clear \(risk < 0.8, at most 12 games\)/);
  });
  it("rejects bad knobs with the field named", () => {
    expect(() => tournamentConfigInput.parse({ contender: { kind: "playoff", top: 1, bestOf: 3 } })).toThrow(/contender.top/);
    expect(() => tournamentConfigInput.parse({ gameMode: "x" })).toThrow(/gameMode/);
    expect(() => tournamentConfigInput.parse({ contender: { kind: "swiss" } })).toThrow(/contender.kind/);
    expect(() => tournamentConfigInput.parse({ contender: { kind: "until-clear", maxGames: 0 } })).toThrow(/contender.maxGames/);
    expect(() => tournamentConfigInput.parse({ contender: { kind: "until-clear", maxGames: 5, stopRisk: 0 } })).toThrow(/contender.stopRisk/);
    expect(() => tournamentConfigInput.parse({ contender: { kind: "until-clear" } })).toThrow(/contender.maxGames/);
  });
});

describe("game rows", () => {
  it("store a's view of both orders: the b-first verdict mirrored", async () => {
    const state = await playToEnd(createTournament(["a", "b"], { seed: 1, contender: [] }), async (reqs) =>
      reqs.map((r) => (r.first === "a" ? { better: 0.7, same: 0.2, worse: 0.1 } : { better: 0.2, same: 0.2, worse: 0.6 })),
    );
    const g = getTournamentResult(state).rounds[0]!.games[0]!;
    const row = gameRow("t", g);
    const aView = g.a === "a" ? { ab: { better: 0.7, same: 0.2, worse: 0.1 }, ba: { better: 0.6, same: 0.2, worse: 0.2 } } : { ab: { better: 0.2, same: 0.2, worse: 0.6 }, ba: { better: 0.1, same: 0.2, worse: 0.7 } };
    const close = (got: unknown, want: Record<string, number>) => {
      for (const k of Object.keys(want)) expect((got as Record<string, number>)[k]).toBeCloseTo(want[k]!, 12);
    };
    close(row.verdictAb, aView.ab);
    close(row.verdictBa, aView.ba);
    expect(row.stage).toBe("swiss");
  });
});

describe("computeReferenceStats", () => {
  const c = (id: string, model: string, charLen: number) => ({ id, model, charLen });
  it("counts wins and current references per model, overrides apart", () => {
    const s = computeReferenceStats([
      { candidates: [c("1", "A", 10), c("2", "B", 50)], winnerId: "2", reference: { responseId: "2", source: "tournament" } },
      { candidates: [c("3", "A", 10), c("4", "B", 90)], winnerId: "4", reference: { responseId: "3", source: "override" } },
      { candidates: [c("5", "A", 10)], winnerId: null, reference: null },
    ]);
    expect(s.models).toEqual([
      { model: "B", answered: 2, wins: 2, references: 1, overrides: 0, winRate: 1 },
      { model: "A", answered: 3, wins: 0, references: 1, overrides: 1, winRate: 0 },
    ]);
    expect(s.withReference).toBe(2);
  });
  it("the length smell: winners' mean length, and how often the longest answer won against chance", () => {
    const s = computeReferenceStats([
      { candidates: [c("1", "A", 10), c("2", "B", 30)], winnerId: "2", reference: { responseId: "2", source: "tournament" } },
      { candidates: [c("3", "A", 20), c("4", "B", 20)], winnerId: "3", reference: { responseId: "3", source: "tournament" } },
      { candidates: [c("5", "A", 40), c("6", "B", 20), c("7", "C", 30)], winnerId: "6", reference: null },
    ]);
    expect(s.length.candidateMeanChars).toBeCloseTo(170 / 7);
    expect(s.length.winnerMeanChars).toBeCloseTo(70 / 3);
    expect(s.length.referenceMeanChars).toBeCloseTo(25);
    expect(s.length.winnerLongest).toBe(2); // prompt 1 and the tie in prompt 2
    expect(s.length.winnerLongestExpected).toBeCloseTo(0.5 + 1 + 1 / 3);
    expect(s.length.promptsCompared).toBe(3);
  });
});
