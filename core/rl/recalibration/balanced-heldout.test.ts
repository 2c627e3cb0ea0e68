import { describe, expect, it } from "vitest";
import type { JudgeBackend, JudgeItem, VerdictProbs } from "../../../genrm/types";
import type { DbLabel } from "../../training-data";
import { accuracyOn, balancedHeldOut } from "./balanced-heldout";

const label = (i: number, aLen: number, bLen: number, verdict: string): DbLabel => ({
  id: `l${i}`, annotatorId: "a", verdict, strength: 1, comparisonId: `c${i}`, mode: "vs_reference", isGold: false, goldVerdict: null,
  promptId: `p${i}`, promptKey: `p${i}`, promptText: `q${i}`, aText: "x".repeat(aLen), bText: "y".repeat(bLen), aLen, bLen,
});

/** A judge that always prefers the longer answer (a pure length bias). */
const longerWins: JudgeBackend = {
  async judge(items: JudgeItem[]): Promise<VerdictProbs[]> {
    return items.map((it) => (it.candidate.length > it.reference.length ? { better: 0.9, same: 0.05, worse: 0.05 } : it.candidate.length < it.reference.length ? { better: 0.05, same: 0.05, worse: 0.9 } : { better: 0.05, same: 0.9, worse: 0.05 }));
  },
} as JudgeBackend;

describe("length-balanced held-out accuracy", () => {
  // Annotators with a taste for length: 6 longer-wins labels, 2 shorter-wins, 2 ties.
  const labels = [
    ...Array.from({ length: 6 }, (_, i) => label(i, 40, 20, "better")),
    label(6, 20, 40, "better"),
    label(7, 40, 20, "worse"),
    label(8, 30, 30, "same"),
    label(9, 40, 20, "same"),
  ];

  it("keeps as many longer-wins as shorter-wins labels, and every tie", () => {
    const kept = balancedHeldOut(labels);
    expect(kept.length).toBe(6);
    expect(kept.filter((l) => l.id === "l8" || l.id === "l9").length).toBe(2);
  });

  it("takes away what a pure length bias gains from the annotators' taste", async () => {
    expect(await accuracyOn(longerWins, labels)).toBeCloseTo(0.7); // agrees with the surplus
    expect(await accuracyOn(longerWins, balancedHeldOut(labels))).toBeCloseTo(3 / 6); // 2 of 4 decisive + the equal-length tie
    expect(await accuracyOn(longerWins, [])).toBeNull();
  });
});
