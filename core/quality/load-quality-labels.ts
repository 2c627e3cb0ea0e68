/** A dataset's labels as the pure quality functions want them (core/quality/types.ts QualityLabel). */
import { db } from "../db/client";
import type { QualityLabel, RawVerdict } from "./index";

export async function loadQualityLabels(datasetId: string): Promise<QualityLabel[]> {
  const rows = await db().label.findMany({
    where: { comparison: { datasetId } },
    orderBy: { createdAt: "asc" },
    select: {
      comparisonId: true,
      annotatorId: true,
      verdict: true,
      strength: true,
      shownLeft: true,
      msSpent: true,
      comparison: { select: { isGold: true, goldVerdict: true, responseA: { select: { charLen: true } }, responseB: { select: { charLen: true } } } },
    },
  });
  return rows.map((l) => ({
    comparisonId: l.comparisonId,
    annotatorId: l.annotatorId,
    verdict: l.verdict as RawVerdict,
    strength: l.strength,
    shownLeft: l.shownLeft === "b" ? "b" : "a",
    lenA: l.comparison.responseA.charLen,
    lenB: l.comparison.responseB.charLen,
    msSpent: l.msSpent,
    isGold: l.comparison.isGold,
    goldVerdict: (l.comparison.goldVerdict as RawVerdict | null) ?? null,
  }));
}
