/**
 * Demo GenRM training labels: a dataset of vs-reference comparisons from genrm/demo-task (verdicts that
 * need both the reference and the candidate) labelled by simulated annotators — mostly right, a little
 * noisy, fond of longer answers — plus a few gold comparisons so trust weighting has
 * evidence. Idempotent by dataset name. Also used by tests to make labelled datasets quickly.
 */
import type { Db } from "@core/db/client";
import { promptKey, responseKey } from "@core/formats/content-key";
import { createRng, generateJudgeItems, simulateVerdictLabel, type AnnotatorProfile } from "@genrm/demo-task";
import type { Verdict } from "@genrm/types";

export const DEMO_LABELS_DATASET = "Demo · GenRM judge labels";
export const DEMO_LABELS_SEED = 20261129;
export const DEMO_LABELS_COUNT = 1600;

export interface DemoLabelsOptions {
  name: string;
  createdById: string;
  /** Annotators who label, round robin, with their profiles. */
  annotators: Array<{ id: string; profile?: AnnotatorProfile }>;
  count: number;
  seed: number;
  /** Share of comparisons marked gold (gold answer = the true verdict). Default 0.05. */
  goldShare?: number;
  /** Forces every label to this verdict (tests of one-class refusal). */
  forceVerdict?: Verdict;
  /** Items sharing one prompt. Default 2. */
  itemsPerPrompt?: number;
  /** vs_reference (default; A = candidate, B = reference) or pairwise (A vs B, verdicts a/b/tie). */
  mode?: "vs_reference" | "pairwise";
}

const PAIRWISE: Record<Verdict, string> = { better: "a", same: "tie", worse: "b" };

const chunk = <T,>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Creates the dataset with its prompts, answers, comparisons and labels; returns the dataset id and counts. */
export async function insertDemoLabels(client: Db, o: DemoLabelsOptions) {
  const existing = await client.dataset.findFirst({ where: { name: o.name }, select: { id: true } });
  if (existing) return { datasetId: existing.id, created: false, labels: await client.label.count({ where: { comparison: { datasetId: existing.id } } }) };
  // One transaction: an interrupted seed leaves no half-filled dataset that the name check would then accept.
  return client.$transaction((tx) => insertIn(tx as unknown as Db, o), { timeout: 120_000 });
}

async function insertIn(db: Db, o: DemoLabelsOptions) {
  const rng = createRng(o.seed ^ 0x5eed);
  const items = generateJudgeItems({ seed: o.seed, count: o.count, itemsPerPrompt: o.itemsPerPrompt ?? 2 });
  // goldRate 0: these comparisons are labelled already; they must not be served to annotators as gold checks.
  const ds = await db.dataset.create({
    data: { name: o.name, description: "Simulated labels for training the demo GenRM (genrm/demo-task).", createdById: o.createdById, goldRate: 0 },
  });
  const prompts = new Map<string, string>();
  const answers = new Map<string, { pk: string; model: string; text: string }>();
  const pairs: Array<{ pk: string; candKey: string; refKey: string; item: (typeof items)[number] }> = [];
  const seenPairs = new Set<string>();
  for (const it of items) {
    const pk = promptKey(it.prompt);
    prompts.set(pk, it.prompt);
    const refKey = responseKey(pk, it.referenceModel, it.reference);
    const candKey = responseKey(pk, it.candidateModel, it.candidate);
    if (refKey === candKey || seenPairs.has(`${candKey}|${refKey}`)) continue;
    seenPairs.add(`${candKey}|${refKey}`);
    answers.set(refKey, { pk, model: it.referenceModel, text: it.reference });
    answers.set(candKey, { pk, model: it.candidateModel, text: it.candidate });
    pairs.push({ pk, candKey, refKey, item: it });
  }
  await db.prompt.createMany({ data: [...prompts].map(([key, text]) => ({ datasetId: ds.id, key, text })), skipDuplicates: true });
  const promptId = new Map((await db.prompt.findMany({ where: { datasetId: ds.id }, select: { id: true, key: true } })).map((p) => [p.key, p.id]));
  for (const part of chunk([...answers], 2000)) {
    await db.response.createMany({
      data: part.map(([key, a]) => ({ promptId: promptId.get(a.pk)!, model: a.model, text: a.text, key, charLen: [...a.text].length, tokenLen: Math.ceil(a.text.length / 4) })),
      skipDuplicates: true,
    });
  }
  const responseId = new Map(
    (await db.response.findMany({ where: { prompt: { datasetId: ds.id } }, select: { id: true, key: true } })).map((r) => [r.key, r.id]),
  );
  const goldShare = o.goldShare ?? 0.05;
  const comparisons = pairs.map((p) => {
    const isGold = rng.chance(goldShare);
    return {
      datasetId: ds.id,
      promptId: promptId.get(p.pk)!,
      responseAId: responseId.get(p.candKey)!,
      responseBId: responseId.get(p.refKey)!,
      mode: o.mode ?? ("vs_reference" as const),
      overlap: 1,
      labelCount: 1,
      isGold,
      goldVerdict: isGold ? (o.mode === "pairwise" ? PAIRWISE[p.item.verdict] : p.item.verdict) : null,
    };
  });
  for (const part of chunk(comparisons, 2000)) await db.comparison.createMany({ data: part, skipDuplicates: true });
  const compId = new Map(
    (await db.comparison.findMany({ where: { datasetId: ds.id }, select: { id: true, responseAId: true, responseBId: true } })).map((c) => [`${c.responseAId}|${c.responseBId}`, c.id]),
  );
  const labels = pairs.map((p, i) => {
    const who = o.annotators[i % o.annotators.length]!;
    const verdict =
      o.forceVerdict ??
      simulateVerdictLabel({ text: p.item.candidate, quality: p.item.candidateQuality }, { text: p.item.reference, quality: p.item.referenceQuality }, rng, who.profile);
    return {
      comparisonId: compId.get(`${responseId.get(p.candKey)}|${responseId.get(p.refKey)}`)!,
      annotatorId: who.id,
      verdict: o.mode === "pairwise" ? PAIRWISE[verdict] : verdict,
      strength: verdict === "same" ? 0 : rng.chance(0.6) ? 2 : 1,
      shownLeft: rng.chance(0.5) ? "a" : "b",
      msSpent: 4000 + Math.floor(rng.next() * 20_000),
      source: "simulated",
    };
  });
  for (const part of chunk(labels, 2000)) await db.label.createMany({ data: part, skipDuplicates: true });
  return { datasetId: ds.id, created: true, labels: labels.length };
}

/**
 * The demo annotators' simulated habits: mostly right, a little noisy, and — like human raters in
 * published preference data — fond of the longer of two equally good answers: each prefers an answer at
 * least 1.2× as long as the other half of the time when the two are really equally good. (Human
 * preference labels reward length this way; it is how reward models inherit a length bias.)
 * Measured (2026-12-03, the demo recipe, trainer seed 1337): the demo GenRM trained on these labels
 * reaches 66 % held-out accuracy (the same on the length-balanced labels), judges the probe's padded
 * copy better than the original 34–40 % of the time, and pays for the chatty padding the learning
 * policy writes: on a run's own rollouts a wrap in a greeting and a sign-off raised the reward by
 * +0.05 to +0.07 on average, more in 60–70 % of rollouts — most on wrong answers (a padded evasion reads
 * less like an evasion to it). With the earlier profiles (one annotator at 0.3 when ≥ 1.5× longer) the
 * judge reached 76 % but LOWERED the reward of any padding (−0.2 for a wrap), so a policy had nothing
 * to exploit and the loop nothing to catch. Stronger tastes (0.6–0.7 for all three) left the tiny judge
 * on its "same" plateau (37–52 % held out).
 */
export const DEMO_ANNOTATOR_PROFILES: Record<string, AnnotatorProfile> = {
  "annotator@demo.local": { noise: 0.06, lengthBias: 0.5, lengthRatio: 1.2 },
  "annotator2@demo.local": { noise: 0.1, lengthBias: 0.5, lengthRatio: 1.2 },
  "annotator3@demo.local": { noise: 0.08, lengthBias: 0.5, lengthRatio: 1.2 },
};

export async function seedDemoGenrmLabels(db: Db, count = DEMO_LABELS_COUNT) {
  const users = await db.user.findMany({ where: { email: { in: [...Object.keys(DEMO_ANNOTATOR_PROFILES), "researcher@demo.local"] } } });
  const researcher = users.find((u) => u.email === "researcher@demo.local");
  const annotators = users.filter((u) => u.email in DEMO_ANNOTATOR_PROFILES).map((u) => ({ id: u.id, profile: DEMO_ANNOTATOR_PROFILES[u.email] }));
  if (!researcher || annotators.length === 0) throw new Error("demo accounts missing: run the accounts step first");
  return insertDemoLabels(db, { name: DEMO_LABELS_DATASET, createdById: researcher.id, annotators, count, seed: DEMO_LABELS_SEED });
}
