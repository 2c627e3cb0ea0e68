import { describe, expect, it } from "vitest";
import { computeConsensus, findDisagreements, type QualityLabel, type RawVerdict } from "./index";

let n = 0;
const L = (comparisonId: string, verdict: RawVerdict, strength = 1, annotatorId = `u${n++}`): QualityLabel => ({
  comparisonId,
  annotatorId,
  verdict,
  strength,
});

describe("consensus", () => {
  const labels = [
    L("two-one", "a"), L("two-one", "a"), L("two-one", "b"),
    L("split", "a"), L("split", "b"),
    L("three-way", "a"), L("three-way", "b"), L("three-way", "tie"),
    L("chosen-tie", "tie"), L("chosen-tie", "tie"), L("chosen-tie", "a"),
    L("vs-ref", "better"), L("vs-ref", "better", 2), L("vs-ref", "worse"),
  ];
  const byId = Object.fromEntries(computeConsensus(labels).map((c) => [c.comparisonId, c]));

  it("takes the majority, and says tie when there is none", () => {
    expect(byId["two-one"]).toMatchObject({ verdict: "a", decisive: true, n: 3, counts: { a: 2, b: 1, tie: 0 } });
    expect(byId["two-one"]!.agreement).toBeCloseTo(2 / 3, 12);
    expect(byId["split"]).toMatchObject({ verdict: "tie", decisive: false, agreement: 0 });
    expect(byId["three-way"]).toMatchObject({ verdict: "tie", decisive: false });
    expect(byId["chosen-tie"]).toMatchObject({ verdict: "tie", decisive: true });
    // better → a; mean score (1 + 2 − 1) / 3
    expect(byId["vs-ref"]).toMatchObject({ verdict: "a", decisive: true });
    expect(byId["vs-ref"]!.meanScore).toBeCloseTo(2 / 3, 12);
  });

  it("weights votes by trust when asked, and the absolute rule needs more than half", () => {
    const ls = [L("c", "a", 1, "expert"), L("c", "b", 1, "x"), L("c", "b", 1, "y")];
    expect(computeConsensus(ls)[0]!.verdict).toBe("b");
    const weighted = computeConsensus(ls, { weights: new Map([["expert", 3]]) })[0]!;
    expect(weighted).toMatchObject({ verdict: "a", decisive: true, weighted: { a: 3, b: 2, tie: 0 } });
    expect(weighted.agreement).toBeCloseTo(0.6, 12);
    const plural = [L("d", "a"), L("d", "a"), L("d", "b"), L("d", "tie")];
    expect(computeConsensus(plural)[0]!.verdict).toBe("a");
    expect(computeConsensus(plural, { rule: "absolute" })[0]).toMatchObject({ verdict: "tie", decisive: false });
  });
});

describe("disagreement list", () => {
  it("lists comparisons needing adjudication with reasons, lowest agreement first", () => {
    const labels = [
      L("ok", "a"), L("ok", "a"), L("ok", "b"), // 2/3: not below the default threshold
      L("unanimous", "b"), L("unanimous", "b"),
      L("split", "a"), L("split", "b"),
      L("polarised", "a", 2), L("polarised", "a", 1), L("polarised", "b", 2),
      L("single", "a"),
      L("four", "a"), L("four", "a"), L("four", "b"), L("four", "tie"), L("four", "tie"),
    ];
    const d = findDisagreements(labels);
    expect(d.map((x) => [x.comparisonId, x.reasons])).toEqual([
      ["split", ["no-majority", "low-agreement"]],
      ["four", ["no-majority", "low-agreement"]],
      ["polarised", ["opposed-strong"]],
    ]);
  });

  it("flags comparisons where no label carries any trust", () => {
    const labels = [L("c", "a", 1, "p"), L("c", "a", 1, "q")];
    expect(findDisagreements(labels, { weights: { p: 0, q: 0 } })).toEqual([
      expect.objectContaining({ comparisonId: "c", decisive: false, reasons: ["no-trusted-labels"] }),
    ]);
  });
});
