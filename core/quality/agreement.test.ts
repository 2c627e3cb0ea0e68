import { describe, expect, it } from "vitest";
import { annotatorKappa, cohenKappa, krippendorffAlpha, labelsAlpha, pairwiseKappa, type QualityLabel } from "./index";

describe("Cohen's kappa", () => {
  // Hand computation, 10 items:
  //   rater 1: a a a a b b b   tie tie a
  //   rater 2: a a a b b b tie tie a   a
  //   agreements 7 → p_o = 0.7; marginals (a,b,tie) = (5,3,2) for both
  //   p_e = .5·.5 + .3·.3 + .2·.2 = 0.38;  κ = (0.7 − 0.38) / (1 − 0.38) = 0.32 / 0.62 = 16/31
  const r1 = ["a", "a", "a", "a", "b", "b", "b", "tie", "tie", "a"] as const;
  const r2 = ["a", "a", "a", "b", "b", "b", "tie", "tie", "a", "a"] as const;

  it("matches the hand-computed example", () => {
    const res = cohenKappa(r1.map((x, i) => [x, r2[i]!] as const));
    expect(res.n).toBe(10);
    expect(res.observed).toBeCloseTo(0.7, 12);
    expect(res.expected).toBeCloseTo(0.38, 12);
    expect(res.kappa).toBeCloseTo(16 / 31, 12);
  });

  it("uses only the items both annotators labelled, and maps vs-reference verdicts", () => {
    const labels: QualityLabel[] = [
      ...r1.map((v, i) => ({ comparisonId: `c${i}`, annotatorId: "u1", verdict: v })),
      ...r2.map((v, i) => ({ comparisonId: `c${i}`, annotatorId: "u2", verdict: v })),
      { comparisonId: "only-u1", annotatorId: "u1", verdict: "a" },
      { comparisonId: "only-u2", annotatorId: "u2", verdict: "b" },
    ];
    expect(annotatorKappa(labels, "u1", "u2").kappa).toBeCloseTo(16 / 31, 12);
    const ref: QualityLabel[] = labels.map((l) => ({
      ...l,
      verdict: ({ a: "better", b: "worse", tie: "same" } as const)[l.verdict as "a" | "b" | "tie"],
    }));
    expect(annotatorKappa(ref, "u1", "u2").kappa).toBeCloseTo(16 / 31, 12);
    expect(pairwiseKappa(labels, { minShared: 10 })).toEqual([
      expect.objectContaining({ annotatorA: "u1", annotatorB: "u2", n: 10 }),
    ]);
    expect(pairwiseKappa(labels, { minShared: 11 })).toEqual([]);
  });

  it("is 1 for perfect agreement, ≤ 0 for systematic disagreement, undefined when p_e = 1 or n = 0", () => {
    expect(cohenKappa([["a", "a"], ["b", "b"], ["tie", "tie"]]).kappa).toBeCloseTo(1, 12);
    expect(cohenKappa([["a", "b"], ["b", "a"]]).kappa).toBeCloseTo(-1, 12);
    expect(cohenKappa([["a", "a"], ["a", "a"]]).kappa).toBeNull();
    expect(cohenKappa([]).kappa).toBeNull();
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 observers × 12 units example
  // with missing data (unit 12 has a single value and is not pairable).
  const _ = null;
  const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _];
  const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3];
  const C = [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _];
  const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _];
  const units = A.map((_x, i) => [A[i], B[i], C[i], D[i]]);

  it("reproduces the published values: nominal 0.743, ordinal 0.815, interval 0.849", () => {
    const nominal = krippendorffAlpha(units, "nominal");
    expect(nominal.alpha).toBeCloseTo(0.743, 3);
    expect(nominal.units).toBe(11);
    expect(nominal.values).toBeCloseTo(40, 9);
    expect(krippendorffAlpha(units, "ordinal").alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, "interval").alpha).toBeCloseTo(0.849, 3);
  });

  it("matches a hand-computed nominal case", () => {
    // Units (a,a) (a,b) (b,b) (b,b): o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8.
    // α = 1 − (n − 1)·(o_ab + o_ba) / (2·n_a·n_b) = 1 − 7·2/30 = 8/15.
    expect(krippendorffAlpha([["a", "a"], ["a", "b"], ["b", "b"], ["b", "b", null]]).alpha).toBeCloseTo(8 / 15, 12);
  });

  it("is 1 for perfect agreement and undefined with a single category", () => {
    expect(krippendorffAlpha([["a", "a"], ["b", "b", "b"], ["a", null]]).alpha).toBe(1);
    expect(krippendorffAlpha([["a", "a"], ["a", "a"]]).alpha).toBeNull();
  });

  it("on labels: nominal collapses strength; ordinal uses the −2..2 scale and credits near misses", () => {
    const toLabels = (units: [number, number][]): QualityLabel[] =>
      units.flatMap(([x, y], i) =>
        [x, y].map((s, j) => ({
          comparisonId: `c${i}`,
          annotatorId: `u${j}`,
          verdict: s > 0 ? ("a" as const) : s < 0 ? ("b" as const) : ("tie" as const),
          strength: Math.abs(s),
        })),
      );
    const near: [number, number][] = [[2, 1], [-2, -1], [0, 0], [1, 1], [-1, -1], [2, 2]];
    const far: [number, number][] = [[2, -2], [-2, 2], [0, 0], [1, 1], [-1, -1], [2, 2]];
    expect(labelsAlpha(toLabels(near), "nominal").alpha).toBe(1); // same direction everywhere
    const ordNear = labelsAlpha(toLabels(near), "ordinal").alpha!;
    expect(ordNear).toBeCloseTo(krippendorffAlpha(near, "ordinal").alpha!, 12);
    // Near misses cost less than under a nominal metric over the same five strength levels…
    expect(ordNear).toBeGreaterThan(krippendorffAlpha(near, "nominal").alpha!);
    // …and far less than opposite verdicts.
    expect(labelsAlpha(toLabels(far), "ordinal").alpha!).toBeLessThan(ordNear - 0.5);
  });
});
