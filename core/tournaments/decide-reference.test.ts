/** The confidence/undecided logic: the engine's P(winner is the best) and the app's decision on it. */
import { describe, expect, it } from "vitest";
import { scoreGame, winnerConfidence, type Game, type VerdictProbs } from "@tournaments/index";
import { decideReference, describeUndecided } from "./decide-reference";
import { tournamentConfigInput } from "./tournament-config";

const better: VerdictProbs = { better: 1, same: 0, worse: 0 };
const same: VerdictProbs = { better: 0, same: 1, worse: 0 };
/** A game of a vs b, `times` judgements each way, every one saying `v` about a. */
function game(a: string, b: string, v: VerdictProbs, times = 1): Game {
  const mirror = { better: v.worse, same: v.same, worse: v.better };
  const js = Array.from({ length: times }, () => [
    { first: a, second: b, verdict: v },
    { first: b, second: a, verdict: mirror },
  ]).flat();
  return scoreGame(a, b, js, 0, "contender");
}

describe("winnerConfidence", () => {
  const ids = ["a", "b", "c", "d"];
  it("is high when the winner beat everyone many times, low when it barely leads", () => {
    const clear = ["b", "c", "d"].map((x) => game("a", x, better, 4));
    const sure = winnerConfidence(ids, "a", clear, { prior: 1, strengthModel: "judgements" });
    expect(sure.allDraws).toBe(false);
    expect(sure.confidence).toBeGreaterThan(0.9);
    const close = [game("a", "b", better), game("b", "c", better), game("c", "a", better), game("a", "d", better)];
    const unsure = winnerConfidence(ids, "a", close, { prior: 1, strengthModel: "judgements" });
    expect(unsure.confidence).toBeLessThan(0.5);
    expect(unsure.confidence).toBeGreaterThan(0);
  });
  it("all draws: flagged, and the confidence is that of a coin toss among N (≤ 1/2^(N−1))", () => {
    const draws = [game("a", "b", same), game("c", "d", same), game("a", "c", same)];
    const r = winnerConfidence(ids, "a", draws, 1);
    expect(r.allDraws).toBe(true);
    expect(r.confidence).toBeLessThanOrEqual(1 / 8 + 1e-9);
  });
  it("a single entrant is certain; no games is not all draws", () => {
    expect(winnerConfidence(["a"], "a", [], 1)).toEqual({ confidence: 1, allDraws: false });
    expect(winnerConfidence(ids, "a", [], 1).allDraws).toBe(false);
  });
});

describe("decideReference", () => {
  const base = tournamentConfigInput.parse({});
  const wait = tournamentConfigInput.parse({ undecided: "wait-for-human" });
  it("defaults: undecided below P(best) 0.3, the best-supported answer taken and marked low confidence", () => {
    expect(base).toMatchObject({ minConfidence: 0.3, undecided: "low-confidence" });
    expect(decideReference({ confidence: 0.8, allDraws: false }, base)).toEqual({
      confidence: 0.8,
      undecided: false,
      reason: null,
      writeReference: true,
      referenceNote: null,
    });
    const low = decideReference({ confidence: 0.12, allDraws: false }, base);
    expect(low).toMatchObject({ undecided: true, reason: "low-confidence", writeReference: true });
    expect(low.referenceNote).toMatch(/^low confidence: P\(best\) ≈ 12 %/);
  });
  it("all draws is undecided whatever the confidence says", () => {
    expect(decideReference({ confidence: 0.99, allDraws: true }, base)).toMatchObject({ undecided: true, reason: "all-draws", writeReference: true });
    expect(decideReference({ confidence: 0.99, allDraws: true }, base).referenceNote).toMatch(/every judgement was a draw/);
  });
  it("wait-for-human: no reference is written for an undecided prompt; a decided one still gets its winner", () => {
    expect(decideReference({ confidence: 0.1, allDraws: false }, wait)).toMatchObject({ undecided: true, writeReference: false, referenceNote: null });
    expect(decideReference({ confidence: 0.9, allDraws: false }, wait)).toMatchObject({ undecided: false, writeReference: true });
    expect(describeUndecided("all-draws", 0.1, true)).toMatch(/draw.*waits for a researcher/);
    expect(describeUndecided("low-confidence", 0.25, false)).toMatch(/25 %.*marked low confidence/);
  });
  it("the threshold is the run's: 0 never undecided (except all draws), 1 always", () => {
    const never = tournamentConfigInput.parse({ minConfidence: 0 });
    const always = tournamentConfigInput.parse({ minConfidence: 1 });
    expect(decideReference({ confidence: 0.01, allDraws: false }, never).undecided).toBe(false);
    expect(decideReference({ confidence: 0.999, allDraws: false }, always).undecided).toBe(true);
  });
  it("bad settings are refused with the field named", () => {
    expect(() => tournamentConfigInput.parse({ minConfidence: 1.5 })).toThrow(/minConfidence/);
    expect(() => tournamentConfigInput.parse({ undecided: "ask" })).toThrow(/undecided must be/);
  });
});
