/**
 * Per step, GenRM vs humans on the SAME rollouts: over the labelled human checks of the step's sampled
 * rollouts, the GenRM's win-rate (reward + 1)/2 — p(better) + ½·p(same) against the reference — and the
 * humans' (better 1, same ½, worse 0), one term per label. Gold attention checks are separate
 * comparisons and never counted here.
 */
import type { HumanCheck } from "../../../monitoring/index";
import { db } from "../../db/client";

const HUMAN_SCORE: Record<string, number> = { better: 1, same: 0.5, worse: 0 };

export async function humanChecksByStep(runId: string): Promise<Map<number, HumanCheck>> {
  const rows = await db().rolloutSample.findMany({
    where: { step: { runId }, comparisonId: { not: null }, comparison: { labelCount: { gt: 0 } } },
    select: { reward: true, step: { select: { step: true } }, comparison: { select: { labels: { select: { verdict: true } } } } },
  });
  const acc = new Map<number, { g: number; h: number; n: number }>();
  for (const r of rows) {
    const genrm = Math.min(1, Math.max(0, (r.reward + 1) / 2));
    for (const l of r.comparison?.labels ?? []) {
      const h = HUMAN_SCORE[l.verdict];
      if (h === undefined) continue;
      const a = acc.get(r.step.step) ?? { g: 0, h: 0, n: 0 };
      a.g += genrm;
      a.h += h;
      a.n++;
      acc.set(r.step.step, a);
    }
  }
  return new Map([...acc].map(([step, a]) => [step, { genrmWinRate: a.g / a.n, humanWinRate: a.h / a.n, labels: a.n }]));
}
