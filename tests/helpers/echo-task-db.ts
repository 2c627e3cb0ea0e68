/**
 * Writes echo-task items (echo-task.ts) as a labelled dataset: prompts, answers, pairwise comparisons
 * (A = the item's candidate, B = its reference; verdict a / b / tie) and one label each from the
 * simulated annotators, round robin. Pairwise labels train both orders, as the platform's exports do.
 * Test data only — the product's own demo data is prisma/seed/demo-genrm-labels.ts.
 */
import type { Db } from "@core/db/client";
import { promptKey, responseKey } from "@core/formats/content-key";
import type { EchoItem } from "./echo-task";

const PAIRWISE = { better: "a", same: "tie", worse: "b" } as const;

export async function insertEchoDataset(db: Db, o: { name: string; createdById: string; annotatorIds: string[]; items: EchoItem[] }) {
  const ds = await db.dataset.create({ data: { name: o.name, createdById: o.createdById, goldRate: 0 } });
  const prompts = new Map<string, string>();
  const answers = new Map<string, { pk: string; model: string; text: string }>();
  const pairs: { cand: string; ref: string; item: EchoItem }[] = [];
  const seen = new Set<string>();
  for (const it of o.items) {
    const pk = promptKey(it.prompt);
    prompts.set(pk, it.prompt);
    const model = (a: EchoItem["candidate"]) => `${a.style}-${a.correct ? "right" : "wrong"}`;
    const cand = responseKey(pk, model(it.candidate), it.candidate.text);
    const ref = responseKey(pk, model(it.reference), it.reference.text);
    if (cand === ref || seen.has(`${cand}|${ref}`)) continue;
    seen.add(`${cand}|${ref}`);
    answers.set(cand, { pk, model: model(it.candidate), text: it.candidate.text });
    answers.set(ref, { pk, model: model(it.reference), text: it.reference.text });
    pairs.push({ cand, ref, item: it });
  }
  await db.prompt.createMany({ data: [...prompts].map(([key, text]) => ({ datasetId: ds.id, key, text })) });
  const promptId = new Map((await db.prompt.findMany({ where: { datasetId: ds.id }, select: { id: true, key: true } })).map((p) => [p.key, p.id]));
  await db.response.createMany({
    data: [...answers].map(([key, a]) => ({ promptId: promptId.get(a.pk)!, model: a.model, text: a.text, key, charLen: a.text.length, tokenLen: Math.ceil(a.text.length / 4) })),
  });
  const responseId = new Map((await db.response.findMany({ where: { prompt: { datasetId: ds.id } }, select: { id: true, key: true } })).map((r) => [r.key, r.id]));
  await db.comparison.createMany({
    data: pairs.map((p) => ({
      datasetId: ds.id,
      promptId: promptId.get(promptKey(p.item.prompt))!,
      responseAId: responseId.get(p.cand)!,
      responseBId: responseId.get(p.ref)!,
      mode: "pairwise" as const,
      labelCount: 1,
    })),
  });
  const compId = new Map((await db.comparison.findMany({ where: { datasetId: ds.id }, select: { id: true, responseAId: true, responseBId: true } })).map((c) => [`${c.responseAId}|${c.responseBId}`, c.id]));
  await db.label.createMany({
    data: pairs.map((p, i) => ({
      comparisonId: compId.get(`${responseId.get(p.cand)}|${responseId.get(p.ref)}`)!,
      annotatorId: o.annotatorIds[i % o.annotatorIds.length]!,
      verdict: PAIRWISE[p.item.label],
      strength: p.item.label === "same" ? 0 : 2,
      shownLeft: i % 2 ? "a" : "b",
      msSpent: 5000,
      source: "simulated",
    })),
  });
  return { datasetId: ds.id, labels: pairs.length, prompts: prompts.size };
}
