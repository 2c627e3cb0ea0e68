/**
 * The quality report of one dataset (researchers): per-annotator gold accuracy, trust, agreement,
 * left-side and longer-answer preference, median time and mean κ with the others; pairwise Cohen's κ;
 * Krippendorff's α (nominal over a/b/tie, ordinal over the −2..2 strength scale); label counts,
 * consensus with ties, and the disagreement list for adjudication. Pure maths lives in core/quality;
 * this file only reads the database and shapes the result for the page and the JSON route.
 */
import { z } from "zod";
import { db } from "../db/client";
import { requireRole, type Actor } from "../auth/actor";
import { findDatasetOr404 } from "../datasets/access";
import { annotatorStats, computeConsensus, findDisagreements, labelsAlpha, pairwiseKappa, toPairVerdict, trustWeights, type QualityLabel } from "./index";
import { loadQualityLabels } from "./load-quality-labels";

export const qualityInput = z.object({
  /** Annotator pairs need at least this many shared comparisons for a κ (thin evidence is hidden). */
  minShared: z.coerce.number().int().min(1, "minShared must be at least 1").max(10_000).default(5),
  /** Consensus and disagreements weighted by gold-based trust, or one annotator one vote. */
  weighting: z.enum(["none", "trust"], { error: "weighting must be none or trust" }).default("none"),
});

const TIME_BINS = [
  { label: "< 10 s", max: 10_000 },
  { label: "10–30 s", max: 30_000 },
  { label: "30–60 s", max: 60_000 },
  { label: "1–2 min", max: 120_000 },
  { label: "2–5 min", max: 300_000 },
  { label: "> 5 min", max: Infinity },
];

const round = (x: number | null, d = 3) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

export async function getDatasetQuality(actor: Actor, datasetId: string, input: z.input<typeof qualityInput> = {}) {
  requireRole(actor, "researcher");
  const o = qualityInput.parse(input);
  const ds = await findDatasetOr404(datasetId, actor);
  const labels = await loadQualityLabels(datasetId);
  const users = await db().user.findMany({ where: { id: { in: [...new Set(labels.map((l) => l.annotatorId))] } }, select: { id: true, name: true, email: true } });
  const who = new Map(users.map((u) => [u.id, u]));
  const weights = o.weighting === "trust" ? trustWeights(labels) : undefined;
  const consensusOpts = weights ? { weights } : {};

  // Agreement and consensus are about the regular items; gold items measure people, not the data.
  const regular = labels.filter((l) => !l.isGold);
  const kappas = pairwiseKappa(regular, { minShared: o.minShared });
  const meanKappa = new Map<string, { sum: number; n: number }>();
  for (const k of kappas) {
    if (k.kappa === null) continue;
    for (const id of [k.annotatorA, k.annotatorB]) {
      const m = meanKappa.get(id) ?? { sum: 0, n: 0 };
      meanKappa.set(id, { sum: m.sum + k.kappa, n: m.n + 1 });
    }
  }
  const annotators = annotatorStats(labels, { consensus: consensusOpts })
    .map((s) => {
      const mk = meanKappa.get(s.annotatorId);
      return {
        annotatorId: s.annotatorId,
        name: who.get(s.annotatorId)?.name ?? "(deleted)",
        email: who.get(s.annotatorId)?.email ?? "",
        labels: s.labels,
        goldAnswered: s.gold.answered,
        goldAccuracy: round(s.gold.accuracy),
        trust: round(s.trust)!,
        agreement: round(s.agreementWithOthers.rate),
        agreementN: s.agreementWithOthers.n,
        meanKappa: mk ? round(mk.sum / mk.n) : null,
        leftRate: round(s.leftPreference.rate),
        leftN: s.leftPreference.n,
        longerRate: round(s.longerPreference.rate),
        longerN: s.longerPreference.n,
        tieRate: round(s.tieRate)!,
        medianSeconds: s.medianMs === null ? null : round(s.medianMs / 1000, 1),
      };
    })
    .sort((x, y) => y.labels - x.labels);

  const nominal = labelsAlpha(regular, "nominal");
  const ordinal = labelsAlpha(regular, "ordinal");
  const consensus = computeConsensus(regular, consensusOpts);
  const disagreements = findDisagreements(regular, consensusOpts).slice(0, 100);
  const prompts = await db().comparison.findMany({
    where: { id: { in: disagreements.map((d) => d.comparisonId) } },
    select: { id: true, mode: true, isGold: true, prompt: { select: { text: true } } },
  });
  const promptOf = new Map(prompts.map((p) => [p.id, p]));

  const verdicts = { a: 0, b: 0, tie: 0 };
  for (const l of regular) verdicts[toPairVerdict(l.verdict)]++;
  const time = TIME_BINS.map((b) => ({ bin: b.label, labels: 0 }));
  for (const l of labels) time[TIME_BINS.findIndex((b) => (l.msSpent ?? 0) < b.max)]!.labels++;
  const comparisons = await db().comparison.aggregate({ where: { datasetId, isGold: false, overlap: { gt: 0 } }, _count: true });
  const complete = await db().comparison.count({ where: { datasetId, isGold: false, overlap: { gt: 0 }, labelCount: { gte: db().comparison.fields.overlap } } });

  return {
    dataset: { id: ds.id, name: ds.name },
    options: o,
    counts: {
      labels: labels.length,
      goldLabels: labels.length - regular.length,
      annotators: annotators.length,
      comparisons: comparisons._count,
      comparisonsLabelled: consensus.length,
      comparisonsComplete: complete,
      verdicts,
    },
    alpha: {
      nominal: round(nominal.alpha),
      ordinal: round(ordinal.alpha),
      units: nominal.units,
      values: nominal.values,
    },
    consensus: {
      a: consensus.filter((c) => c.decisive && c.verdict === "a").length,
      b: consensus.filter((c) => c.decisive && c.verdict === "b").length,
      tie: consensus.filter((c) => c.decisive && c.verdict === "tie").length,
      noMajority: consensus.filter((c) => !c.decisive).length,
    },
    annotators,
    kappas: kappas.map((k) => ({
      a: k.annotatorA,
      b: k.annotatorB,
      aName: who.get(k.annotatorA)?.name ?? "?",
      bName: who.get(k.annotatorB)?.name ?? "?",
      kappa: round(k.kappa),
      n: k.n,
      observed: round(k.observed),
    })),
    disagreements: disagreements.map((d) => ({
      comparisonId: d.comparisonId,
      prompt: (promptOf.get(d.comparisonId)?.prompt.text ?? "").slice(0, 160),
      mode: promptOf.get(d.comparisonId)?.mode ?? "pairwise",
      isGold: promptOf.get(d.comparisonId)?.isGold ?? false,
      counts: d.counts,
      agreement: round(d.agreement)!,
      meanScore: round(d.meanScore, 2)!,
      reasons: d.reasons,
    })),
    time,
  };
}

export type DatasetQuality = Awaited<ReturnType<typeof getDatasetQuality>>;
export type { QualityLabel };
