/**
 * The quality report reads real label rows: κ and α equal the hand-computed values of a small case,
 * gold accuracy / trust / left-side and longer-answer rates come out per annotator, and only
 * researchers may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { closeSqlPool } from "../db/sql-pool";
import { createAnnotators, createComparisonDataset, type UserActor } from "../../tests/helpers/labelling-fixtures";
import { db } from "../db/client";
import { getDatasetQuality } from "./get-dataset-quality";

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv("quality");
});
afterAll(async () => {
  await closeSqlPool();
  await t?.cleanup();
});

// Hand computation (also in core/quality/agreement.test.ts), 10 comparisons, 2 annotators:
//   u1: a a a a b b b tie tie a      u2: a a a b b b tie tie a a
//   Cohen's κ: p_o = 0.7, p_e = .5² + .3² + .2² = 0.38 → κ = 0.32 / 0.62 = 16/31 ≈ 0.516
//   Krippendorff's α (nominal): coincidences o_aa 8, o_bb 4, o_tt 2, o_ab = o_ba = o_bt = o_tb = o_ta = o_at = 1;
//   n_a 10, n_b 6, n_t 4, n 20; D_o = 6/20; D_e = 2(60 + 40 + 24)/(20·19) = 248/380 → α = 1 − 2280/4960 = 67/124 ≈ 0.540
const U1 = ["a", "a", "a", "a", "b", "b", "b", "tie", "tie", "a"];
const U2 = ["a", "a", "a", "b", "b", "b", "tie", "tie", "a", "a"];

describe("dataset quality report", () => {
  it("shows the hand-computed κ and α, per-annotator rates, and refuses annotators", async () => {
    const [u1, u2] = await createAnnotators(2, "q");
    const researcher: UserActor = { ...u1!, role: "researcher" };
    const { datasetId, comparisonIds, goldIds } = await createComparisonDataset(u1!.userId, { comparisons: 10, overlap: 2, gold: 2 });
    const rows = comparisonIds.flatMap((c, i) => [
      { comparisonId: c, annotatorId: u1!.userId, verdict: U1[i]!, strength: U1[i] === "tie" ? 0 : 1, shownLeft: "a", msSpent: 4000 + i * 1000 },
      { comparisonId: c, annotatorId: u2!.userId, verdict: U2[i]!, strength: U2[i] === "tie" ? 0 : 2, shownLeft: "b", msSpent: 20_000 },
    ]);
    // Gold (answer "a"): u1 right twice, u2 wrong twice.
    for (const g of goldIds) rows.push({ comparisonId: g, annotatorId: u1!.userId, verdict: "a", strength: 1, shownLeft: "a", msSpent: 3000 }, { comparisonId: g, annotatorId: u2!.userId, verdict: "b", strength: 1, shownLeft: "a", msSpent: 3000 });
    await db().label.createMany({ data: rows });

    const q = await getDatasetQuality(researcher, datasetId, { minShared: 5 });
    expect(q.kappas).toHaveLength(1);
    expect(q.kappas[0]!.kappa).toBeCloseTo(16 / 31, 3);
    expect(q.kappas[0]!.n).toBe(10); // κ and α are over the regular items (gold measures people)
    expect(q.alpha.nominal).toBeCloseTo(67 / 124, 3);
    expect(q.alpha.units).toBe(10);
    const s1 = q.annotators.find((a) => a.annotatorId === u1!.userId)!;
    const s2 = q.annotators.find((a) => a.annotatorId === u2!.userId)!;
    expect([s1.goldAnswered, s1.goldAccuracy, s2.goldAccuracy]).toEqual([2, 1, 0]);
    expect(s1.trust).toBeCloseTo(0.75, 3); // (2 + 1) / (2 + 2)
    expect(s2.trust).toBeCloseTo(0.25, 3);
    // u1 always saw A on the left: it picked the left side on every non-tie "a" (5 of 8 non-ties + 2 gold).
    expect(s1.leftRate).toBeCloseTo(7 / 10, 3);
    expect(s1.medianSeconds).toBeCloseTo(7.5, 1);
    expect(q.counts).toMatchObject({ labels: 24, goldLabels: 4, annotators: 2, comparisons: 10, comparisonsLabelled: 10 });
    expect(q.consensus.a + q.consensus.b + q.consensus.tie + q.consensus.noMajority).toBe(10);
    expect(q.disagreements.map((d) => d.comparisonId).sort()).toEqual([comparisonIds[3], comparisonIds[6], comparisonIds[8]].sort());

    await expect(getDatasetQuality(u2!, datasetId)).rejects.toMatchObject({ code: "Forbidden" });
  });
});
