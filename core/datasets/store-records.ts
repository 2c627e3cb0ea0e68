/**
 * Stores a batch of parsed import records in a dataset, idempotently: prompts by content key
 * (Prompt @@unique(datasetId, key)), answers by (prompt, model, text) key (Response @@unique(promptId,
 * key)), imported references as Reference rows (source "imported"), and recorded preferences (TRL /
 * HH-RLHF chosen-vs-rejected) as pairwise comparisons that carry `importedVerdict` and want no labels
 * (overlap 0) until a researcher asks for them. Re-running a batch adds nothing.
 */
import { db } from "../db/client";
import { promptKey, promptToText, responseKey, type ImportRecord, type Turn } from "../formats";
import { estimateTokens } from "./estimate-tokens";

export interface StoreTotals {
  promptsAdded: number;
  promptsSeen: number;
  answersAdded: number;
  answersExisting: number;
  preferencesAdded: number;
  referencesAdded: number;
}

export const emptyTotals = (): StoreTotals => ({ promptsAdded: 0, promptsSeen: 0, answersAdded: 0, answersExisting: 0, preferencesAdded: 0, referencesAdded: 0 });

interface PendingAnswer {
  promptKey: string;
  key: string;
  model: string;
  text: string;
}

export async function storeRecords(datasetId: string, records: ImportRecord[]): Promise<StoreTotals> {
  const totals = emptyTotals();
  if (records.length === 0) return totals;
  const client = db();

  // 1. Prompts, one per content key.
  const prompts = new Map<string, { text: string; turns: Turn[] | null }>();
  const keyed = records.map((r) => {
    const pk = promptKey(r.prompt);
    if (!prompts.has(pk)) prompts.set(pk, { text: promptToText(r.prompt), turns: Array.isArray(r.prompt) ? r.prompt : null });
    return { r, pk };
  });
  totals.promptsSeen = prompts.size;
  const created = await client.prompt.createMany({
    data: [...prompts].map(([key, p]) => ({ datasetId, key, text: p.text, ...(p.turns ? { turns: p.turns as object[] } : {}) })),
    skipDuplicates: true,
  });
  totals.promptsAdded = created.count;
  const promptRows = await client.prompt.findMany({ where: { datasetId, key: { in: [...prompts.keys()] } }, select: { id: true, key: true } });
  const promptId = new Map(promptRows.map((p) => [p.key, p.id]));

  // 2. Answers (and imported references, stored as answers too so they can be compared and shown).
  const answers = new Map<string, PendingAnswer>();
  const add = (pk: string, model: string, text: string) => {
    const key = responseKey(pk, model, text);
    if (!answers.has(key)) answers.set(key, { promptKey: pk, key, model, text });
    return key;
  };
  const prefs: Array<{ pk: string; chosen: string; rejected: string; tie: boolean }> = [];
  const refs: Array<{ pk: string; key: string }> = [];
  for (const { r, pk } of keyed) {
    // TRL/HH rows name their answers "chosen"/"rejected": that is the pair's verdict, not a model. Store
    // such answers as model "unknown" so one text seen in several rows (or in both rows of a kept tie)
    // is one answer; the verdict lives on the comparison (importedVerdict).
    const modelOf = (m: string) => (r.preference && (m === "chosen" || m === "rejected") ? "unknown" : m);
    const keys = r.responses.map((a) => add(pk, modelOf(a.model), a.text));
    if (r.reference) refs.push({ pk, key: add(pk, r.reference.model ?? "reference", r.reference.text) });
    if (r.preference) prefs.push({ pk, chosen: keys[r.preference.chosen]!, rejected: keys[r.preference.rejected]!, tie: r.preference.tie === true });
  }
  const inserted = await client.response.createMany({
    data: [...answers.values()].map((a) => ({
      promptId: promptId.get(a.promptKey)!,
      model: a.model,
      text: a.text,
      key: a.key,
      charLen: [...a.text].length,
      tokenLen: estimateTokens(a.text),
    })),
    skipDuplicates: true,
  });
  totals.answersAdded = inserted.count;
  totals.answersExisting = answers.size - inserted.count;
  if (refs.length === 0 && prefs.length === 0) return totals;

  const responseRows = await client.response.findMany({
    where: { promptId: { in: [...promptId.values()] }, key: { in: [...answers.keys()] } },
    select: { id: true, key: true, promptId: true },
  });
  const responseId = new Map(responseRows.map((r) => [r.key, r.id]));

  // 3. Imported references: one Reference row per (prompt, answer), never duplicated.
  if (refs.length > 0) {
    const wanted = refs.map((x) => ({ promptId: promptId.get(x.pk)!, responseId: responseId.get(x.key)! }));
    const existing = await client.reference.findMany({
      where: { promptId: { in: wanted.map((w) => w.promptId) }, responseId: { in: wanted.map((w) => w.responseId) } },
      select: { promptId: true, responseId: true },
    });
    const have = new Set(existing.map((e) => `${e.promptId}|${e.responseId}`));
    const fresh = [...new Map(wanted.filter((w) => !have.has(`${w.promptId}|${w.responseId}`)).map((w) => [`${w.promptId}|${w.responseId}`, w])).values()];
    if (fresh.length > 0) totals.referencesAdded = (await client.reference.createMany({ data: fresh.map((w) => ({ ...w, source: "imported" })) })).count;
  }

  // 4. Recorded preferences → pairwise comparisons (A = chosen). A tie has no order: both rows of a
  // kept tie (our TRL export writes it twice, mirrored) land on the same comparison.
  if (prefs.length > 0) {
    const data = prefs.map((p) => {
      let [a, b] = [responseId.get(p.chosen)!, responseId.get(p.rejected)!];
      if (p.tie && b < a) [a, b] = [b, a];
      return { datasetId, promptId: promptId.get(p.pk)!, responseAId: a, responseBId: b, mode: "pairwise" as const, overlap: 0, importedVerdict: p.tie ? "tie" : "a" };
    });
    totals.preferencesAdded = (await client.comparison.createMany({ data: data.filter((d) => d.responseAId !== d.responseBId), skipDuplicates: true })).count;
  }
  return totals;
}
