/**
 * The length-probe numbers of GenRM versions, for the "probe over steps" chart: each step is drawn
 * with the probe of the version that judged it. Sources, newest first: a recalibration's outcome
 * (before/after on the fixed probe), else the version's evalMetrics.lengthProbe from its evaluation.
 */
import { db } from "../db/client";
import type { ProbeNumbers, RecalibrationOutcome } from "./recalibration/outcome";

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** Accepts monitoring's LengthProbeSummary or our ProbeNumbers. */
export function readProbe(x: unknown): ProbeNumbers | null {
  if (!x || typeof x !== "object") return null;
  const o = x as Record<string, unknown>;
  const corr = num(o.corr) ?? num((o.pearson as { value?: unknown } | undefined)?.value);
  const share = num(o.longerBetterShare);
  if (corr === null && share === null) return null;
  return { n: num(o.n) ?? 0, longerBetterShare: share, corr, meanRewardGap: num(o.meanRewardGap) };
}

export async function probesForModels(modelIds: readonly string[]): Promise<Map<string, ProbeNumbers>> {
  const out = new Map<string, ProbeNumbers>();
  if (modelIds.length === 0) return out;
  const recals = await db().recalibration.findMany({
    where: { OR: [{ fromModelId: { in: [...modelIds] } }, { toModelId: { in: [...modelIds] } }] },
    orderBy: { createdAt: "desc" },
    select: { outcome: true },
  });
  for (const r of recals) {
    const c = r.outcome as RecalibrationOutcome | null;
    for (const side of [c?.before, c?.after]) {
      if (side && modelIds.includes(side.modelId) && !out.has(side.modelId)) {
        const p = readProbe(side.probe);
        if (p) out.set(side.modelId, p);
      }
    }
  }
  const missing = modelIds.filter((id) => !out.has(id));
  if (missing.length) {
    const models = await db().genrmModel.findMany({ where: { id: { in: missing } }, select: { id: true, evalMetrics: true } });
    for (const m of models) {
      const p = readProbe((m.evalMetrics as { lengthProbe?: unknown } | null)?.lengthProbe);
      if (p) out.set(m.id, p);
    }
  }
  return out;
}
