/**
 * Golden tournaments worked out by hand. Seeds are the input order (initialOrder "given"), no contender
 * stage, both-order games. tableJudge throws on any pair it was not told about, so these tests also pin
 * every pairing. Notation: "X>Y" = X wins both orders (1–0); "X=Y" = each wins when shown first (½–½).
 */

import { describe, expect, it } from "vitest";
import { runSwissTournament } from "./run-swiss-tournament";
import { tableJudge } from "./test-support";
import type { Standing } from "./compute-standings";

const plain = { initialOrder: "given" as const, contender: [], rounds: 3 };

function pairsByRound(result: Awaited<ReturnType<typeof runSwissTournament>>) {
  return result.rounds.map((r) => ({ pairs: r.games.map((g) => `${g.a}-${g.b}`), bye: r.bye }));
}

function row(standings: Standing[], id: string) {
  const s = standings.find((x) => x.id === id)!;
  return { rank: s.rank, score: s.score, de: s.directEncounter, buchholzCut1: s.buchholzCut1, sb: s.sonnebornBerger, byes: s.byes };
}

describe("golden: 4 entrants, 3 rounds", () => {
  /*
   * Seeds A1 B2 C3 D4.
   * R1: all on 0, order A B C D. Dutch: top half vs bottom half → A–C, B–D.
   *     Results: C>A (upset), B=D.           Scores: C 1, B ½, D ½, A 0.
   * R2: order C (1); B, D (½): they met and drew → DE ½ each; Buchholz cut-1 0 each (one opponent, cut);
   *     SB ½·½ = ¼ each; BT symmetric → seed: B before D. Then A.  Order C B D A.
   *     C alone on 1 → floats down to the top of the ½ group: C–B. Then D–A.
   *     Results: B>C, A>D.                   Scores: B 1½, C 1, A 1, D ½.
   * R3: order B; C and A tie on 1 and met (C beat A) → DE C 1, A 0 → C, A; then D.
   *     B–C already played → B–A. Then C–D.
   *     Results: B=A, D>C.                   Final: B 2, A 1½, D 1½, C 1.
   * Final tie-breaks (final scores A 1½, B 2, C 1, D 1½):
   *   Buchholz cut-1 = opponents' scores minus the lowest:
   *     A: C1 + D1½ + B2 − 1 = 3½     B: D1½ + C1 + A1½ − 1 = 3
   *     C: A1½ + B2 + D1½ − 1½ = 3½   D: B2 + A1½ + C1 − 1 = 3½
   *   Sonneborn-Berger = Σ points × opponent's score:
   *     A: 0·1 + 1·1½ + ½·2 = 2½      B: ½·1½ + 1·1 + ½·1½ = 2½
   *     C: 1·1½ + 0·2 + 0·1½ = 1½     D: ½·2 + 0·1½ + 1·1 = 2
   *   A and D tie on 1½; they met (A beat D) → DE A 1, D 0 → A above D.
   *   Standings: 1 B, 2 A, 3 D, 4 C.
   */
  const judge = () =>
    tableJudge({ "A-C": "C", "B-D": "first-shown", "B-C": "B", "A-D": "A", "A-B": "first-shown", "C-D": "D" });

  it("pairs, scores and breaks ties as worked out by hand", async () => {
    const j = judge();
    const result = await runSwissTournament(["A", "B", "C", "D"], j, plain);
    expect(pairsByRound(result)).toEqual([
      { pairs: ["A-C", "B-D"], bye: null },
      { pairs: ["C-B", "D-A"], bye: null },
      { pairs: ["B-A", "C-D"], bye: null },
    ]);
    expect(j.asked.map((batch) => batch.length)).toEqual([4, 4, 4]); // one call per round, 2 orders per game
    expect(result.standings.map((s) => s.id)).toEqual(["B", "A", "D", "C"]);
    expect(row(result.standings, "B")).toEqual({ rank: 1, score: 2, de: null, buchholzCut1: 3, sb: 2.5, byes: 0 });
    expect(row(result.standings, "A")).toEqual({ rank: 2, score: 1.5, de: 1, buchholzCut1: 3.5, sb: 2.5, byes: 0 });
    expect(row(result.standings, "D")).toEqual({ rank: 3, score: 1.5, de: 0, buchholzCut1: 3.5, sb: 2, byes: 0 });
    expect(row(result.standings, "C")).toEqual({ rank: 4, score: 1, de: null, buchholzCut1: 3.5, sb: 1.5, byes: 0 });
    // The split games are flagged inconsistent (the two orders disagree) and scored ½.
    const bd = result.rounds[0].games[1];
    expect(bd.pointsA).toBe(0.5);
    expect(bd.consistent).toBe(false);
  });
});

describe("golden: 5 entrants, 3 rounds, byes", () => {
  /*
   * Seeds A1 B2 C3 D4 E5.
   * R1: order A B C D E; odd → bye to the lowest-ranked without one: E. A–C, B–D.
   *     Results: A>C, D>B (upset).            Scores: A 1, D 1, E 1 (bye), B 0, C 0.
   * R2: group 1 = A, D, E: not all met → no DE; Buchholz cut-1 0 for all (one value, cut; E's bye counts
   *     0); SB 0 for all (opponents on 0; a bye adds 0). BT: A and D each beat someone → equal strength
   *     > E (no game) → seed order: A, D, E. Group 0 = B, C: same reasoning → B, C. Order A D E B C.
   *     Bye → C (lowest without one). A's group {A, D, E}: S1 = A, S2 starts at D → A–D; E floats → E–B.
   *     Results: A=D, B>E.                    Scores: A 1½, D 1½, B 1, C 1 (bye), E 1.
   * R3: A, D met and drew → DE ½ each; Buchholz cut-1: A = C1 + D1½ − 1 = 1½, D = B1 + A1½ − 1 = 1½;
   *     SB: A = 1·1 + ½·1½ = 1¾, D = 1·1 + ½·1½ = 1¾ — all level, so BT decides: D's win came against B
   *     (who then beat E), A's against C (no win) → θ_D > θ_A → D, A.
   *     Group 1 = B, C, E (not all met): Buchholz cut-1 B = D1½ + E1 − 1 = 1½, C = A1½ + bye0 − 0 = 1½,
   *     E = bye0 + B1 − 0 = 1 → B, C tie → SB B = 1·1 = 1 > C = 0 → B, C, E. Order D A B C E.
   *     Bye → E and C already had one → B. D–A played → D floats: D–C. Then A–E.
   *     Results: C>D (upset), A>E.
   * Final scores: A 2½, B 2 (bye), C 2 (bye), D 1½, E 1 (bye).
   *   Buchholz cut-1 (a bye is an opponent on 0, so it is the one cut):
   *     A: C2 + D1½ + E1 − 1 = 3½      B: D1½ + E1 + 0 − 0 = 2½     C: A2½ + 0 + D1½ − 0 = 4
   *     D: B2 + A2½ + C2 − 2 = 4½      E: 0 + B2 + A2½ − 0 = 4½
   *   SB: A 1·2 + ½·1½ + 1·1 = 3¾;  B 0 + 1·1 = 1;  C 0 + 1·1½ = 1½;  D 1·2 + ½·2½ + 0 = 3¼;  E 0.
   *   B and C tie on 2, never met → Buchholz: C 4 > B 2½.  Standings: A, C, B, D, E.
   */
  const judge = () =>
    tableJudge({ "A-C": "A", "B-D": "D", "A-D": "first-shown", "B-E": "B", "C-D": "C", "A-E": "A" });

  it("gives byes to the lowest-ranked entrant without one and breaks ties by hand-computed values", async () => {
    const result = await runSwissTournament(["A", "B", "C", "D", "E"], judge(), plain);
    expect(pairsByRound(result)).toEqual([
      { pairs: ["A-C", "B-D"], bye: "E" },
      { pairs: ["A-D", "E-B"], bye: "C" },
      { pairs: ["D-C", "A-E"], bye: "B" },
    ]);
    const s = result.standings;
    expect(s.map((x) => x.id)).toEqual(["A", "C", "B", "D", "E"]);
    expect(row(s, "A")).toEqual({ rank: 1, score: 2.5, de: null, buchholzCut1: 3.5, sb: 3.75, byes: 0 });
    expect(row(s, "C")).toEqual({ rank: 2, score: 2, de: null, buchholzCut1: 4, sb: 1.5, byes: 1 });
    expect(row(s, "B")).toEqual({ rank: 3, score: 2, de: null, buchholzCut1: 2.5, sb: 1, byes: 1 });
    expect(row(s, "D")).toEqual({ rank: 4, score: 1.5, de: null, buchholzCut1: 4.5, sb: 3.25, byes: 0 });
    expect(row(s, "E")).toEqual({ rank: 5, score: 1, de: null, buchholzCut1: 4.5, sb: 0, byes: 1 });
    // games + byes = points
    expect(s.reduce((t, x) => t + x.score, 0)).toBe(6 + 3);
  });
});

describe("golden: contender stages", () => {
  it("a top-4 best-of-3 playoff seeds 1v4 and 2v3 from the standings and stops a series once decided", async () => {
    // After the 4-entrant Swiss above, standings are B, A, D, C → semis B–C and A–D, best of 3.
    // B–C: B won their Swiss game both orders, so B wins 2–0; A–D: A wins 2–0. Final B–A: split every
    // time (½–½) → level after 3 games (1½–1½) → the higher seed B goes through.
    const j = tableJudge({ "A-C": "C", "B-D": "first-shown", "B-C": "B", "A-D": "A", "A-B": "first-shown", "C-D": "D" });
    const result = await runSwissTournament(["A", "B", "C", "D"], j, {
      ...plain,
      contender: [{ kind: "playoff", top: 4, bestOf: 3, poolBy: "standings" }],
    });
    const playoff = result.rounds.filter((r) => r.stage === "contender").map((r) => r.games.map((g) => `${g.a}-${g.b}`));
    expect(playoff).toEqual([["B-C", "A-D"], ["B-C", "A-D"], ["B-A"], ["B-A"], ["B-A"]]);
    expect(result.contender).toEqual([{ stage: 0, kind: "playoff", pool: ["B", "A", "D", "C"], games: 7, champion: "B" }]);
    expect(result.winner).toBe("B");
  });

  it("a contender round robin plays only the pool's pairs that have not met yet", async () => {
    // Swiss pairs met: A–C, B–D, B–C, A–D, A–B, C–D = every pair of 4 → with top 4 nothing is left; with
    // 2 Swiss rounds only A–B and C–D are missing among the pool.
    const j = tableJudge({ "A-C": "C", "B-D": "first-shown", "B-C": "B", "A-D": "A", "A-B": "first-shown", "C-D": "D" });
    const result = await runSwissTournament(["A", "B", "C", "D"], j, {
      ...plain,
      rounds: 2,
      contender: [{ kind: "round-robin", top: 4 }],
    });
    const extra = result.rounds.filter((r) => r.stage === "contender").flatMap((r) => r.games.map((g) => [g.a, g.b].sort().join("-")));
    expect(extra.sort()).toEqual(["A-B", "C-D"]);
  });
});
