import { describe, expect, it } from "vitest";
import { annotatorStats, computeConsensus, trustFromGold, trustWeights, type QualityLabel, type RawVerdict } from "./index";

type Row = [annotator: string, verdict: RawVerdict, shownLeft: "a" | "b", ms: number];
function comp(id: string, lenA: number, lenB: number, rows: Row[], goldVerdict?: RawVerdict): QualityLabel[] {
  return rows.map(([annotatorId, verdict, shownLeft, msSpent]) => ({
    comparisonId: id,
    annotatorId,
    verdict,
    strength: verdict === "tie" || verdict === "same" ? 0 : 1,
    shownLeft,
    lenA,
    lenB,
    msSpent,
    isGold: goldVerdict !== undefined,
    goldVerdict: goldVerdict ?? null,
  }));
}

// Worked by hand below, per annotator.
const labels: QualityLabel[] = [
  ...comp("c1", 100, 50, [["alice", "a", "a", 1000], ["bob", "a", "b", 500], ["carol", "b", "b", 700]]),
  ...comp("c2", 10, 80, [["alice", "b", "a", 2000], ["bob", "b", "b", 500], ["carol", "b", "a", 900]]),
  ...comp("c3", 40, 40, [["alice", "tie", "a", 3000], ["bob", "a", "a", 600], ["carol", "b", "b", 800]]),
  ...comp("g1", 30, 60, [["alice", "a", "a", 4000], ["bob", "a", "b", 700], ["carol", "b", "b", 1000]], "a"),
  ...comp("g2", 20, 20, [["alice", "same", "a", 100000], ["bob", "better", "a", 800], ["carol", "same", "a", 1100]], "same"),
];

describe("per-annotator statistics", () => {
  const stats = Object.fromEntries(annotatorStats(labels).map((s) => [s.annotatorId, s]));

  it("gold accuracy and trust (Beta(1,1)-smoothed) with its vote weight", () => {
    // alice: g1 a=a ✓, g2 same=same ✓ → 2/2, trust (2+1)/(2+2) = 0.75, weight ln(0.75·2/0.25) = ln 6
    expect(stats.alice!.gold).toEqual({ answered: 2, correct: 2, accuracy: 1 });
    expect(stats.alice!.trust).toBeCloseTo(0.75, 12);
    expect(stats.alice!.weight).toBeCloseTo(Math.log(6), 12);
    // bob: g1 ✓, g2 better≠same ✗ → 1/2, trust 0.5, weight ln 2; carol: g1 ✗, g2 ✓
    expect(stats.bob!.gold).toEqual({ answered: 2, correct: 1, accuracy: 0.5 });
    expect(stats.bob!.weight).toBeCloseTo(Math.log(2), 12);
    expect(stats.carol!.trust).toBeCloseTo(0.5, 12);
  });

  it("agreement with the consensus of the others, skipping items where they have none", () => {
    // alice: c2 only (others b,b) ✓ → 1/1.  bob: c2 ✓, g2 (others same,same → tie) ✗ → 1/2.
    // carol: c1 (others a,a) ✗, c2 ✓, g1 (others a,a) ✗ → 1/3.
    expect(stats.alice!.agreementWithOthers).toEqual({ n: 1, rate: 1 });
    expect(stats.bob!.agreementWithOthers).toEqual({ n: 2, rate: 0.5 });
    expect(stats.carol!.agreementWithOthers.n).toBe(3);
    expect(stats.carol!.agreementWithOthers.rate).toBeCloseTo(1 / 3, 12);
  });

  it("left-side preference over non-tie labels", () => {
    // alice non-ties c1 (a, left a ✓) c2 (b, left a ✗) g1 (a, left a ✓) → 2/3
    // bob c1 ✗ c2 ✓ c3 ✓ g1 ✗ g2 (better=a, left a) ✓ → 3/5; carol c1 ✓ c2 ✗ c3 ✓ g1 ✓ → 3/4
    expect(stats.alice!.leftPreference.n).toBe(3);
    expect(stats.alice!.leftPreference.rate).toBeCloseTo(2 / 3, 12);
    expect(stats.bob!.leftPreference).toEqual({ n: 5, rate: 0.6 });
    expect(stats.carol!.leftPreference).toEqual({ n: 4, rate: 0.75 });
  });

  it("longer-answer preference over non-tie labels on pairs of unequal length", () => {
    // alice: c1 a (A longer ✓), c2 b (B longer ✓), g1 a (B longer ✗) → 2/3
    // carol: c1 b ✗, c2 b ✓, g1 b ✓ → 2/3 (c3 and g2 have equal lengths)
    expect(stats.alice!.longerPreference.n).toBe(3);
    expect(stats.alice!.longerPreference.rate).toBeCloseTo(2 / 3, 12);
    expect(stats.carol!.longerPreference.n).toBe(3);
  });

  it("tie rate and median time", () => {
    expect(stats.alice!.tieRate).toBeCloseTo(2 / 5, 12);
    expect(stats.alice!.medianMs).toBe(3000); // one 100 s outlier does not move the median
    expect(stats.bob!.medianMs).toBe(600);
    expect(stats.bob!.tieRate).toBe(0);
  });

  it("trust weights change a split consensus", () => {
    // c3: alice tie, bob a, carol b → no majority unweighted; alice weighs ln 6 > ln 2 each → tie, decisive.
    const plain = computeConsensus(labels).find((c) => c.comparisonId === "c3")!;
    expect(plain).toMatchObject({ verdict: "tie", decisive: false });
    const weighted = computeConsensus(labels, { weights: trustWeights(labels) }).find((c) => c.comparisonId === "c3")!;
    expect(weighted).toMatchObject({ verdict: "tie", decisive: true });
  });
});

describe("trust mapping", () => {
  it("is 0 at or below chance, grows with evidence, and a lucky 2/2 stays below a proven 45/50", () => {
    expect(trustFromGold(0, 0)).toEqual({ trust: 0.5, weight: Math.log(2) });
    expect(trustFromGold(0, 5).weight).toBe(0);
    expect(trustFromGold(2, 2).weight).toBeLessThan(trustFromGold(45, 50).weight);
    expect(trustFromGold(9, 10).weight).toBeCloseTo(Math.log(10), 12);
  });
});
