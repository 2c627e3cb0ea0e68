/**
 * Builds comparisons from a dataset's answers:
 *  - pairwise "all-pairs": every pair of answers per prompt; "sample": n random pairs per prompt;
 *    "imported": opens the recorded preferences of TRL/HH-RLHF imports for labelling (overlap 0 → k);
 *  - vs_reference: each answer (or n sampled) against the prompt's reference — a named model's answer,
 *    or the prompt's current Reference (imported or tournament-selected). A = candidate, B = reference.
 * Optionally adds attention-check gold items (add-attention-checks.ts). Idempotent: a pair that
 * exists (in either order, same mode) is not created again; rerunning with the same seed adds nothing.
 */
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "./access";
import { addAttentionChecks, ATTENTION_CHECK_MODEL } from "./add-attention-checks";
import { pairKey, seededRandom, shuffled, stableOrder } from "./pair-order";

export const MAX_NEW_COMPARISONS = 100_000;

export const generateComparisonsInput = z.object({
  mode: z.enum(["pairwise", "vs_reference"], { error: "mode must be pairwise or vs_reference" }),
  overlap: z.number({ error: "overlap (labels wanted per comparison) is required" }).int().min(1, "overlap must be at least 1").max(20, "overlap is at most 20"),
  strategy: z.enum(["all-pairs", "sample", "imported"], { error: "strategy must be all-pairs, sample or imported" }).default("all-pairs"),
  /** sample: pairs per prompt; vs_reference: candidates per prompt (all when absent). */
  perPrompt: z.number().int().min(1, "perPrompt must be at least 1").max(1000).optional(),
  /** Only answers by these models take part. */
  models: z.array(z.string().min(1).max(200)).max(100).optional(),
  /** vs_reference: this model's answer is the reference (else the prompt's current Reference). */
  referenceModel: z.string().min(1).max(200).optional(),
  /** Use at most this many prompts (a reproducible sample by seed). */
  maxPrompts: z.number().int().min(1).max(1_000_000).optional(),
  attentionChecks: z.number().int().min(0).max(10_000, "attentionChecks is at most 10,000").default(0),
  seed: z.number().int().default(1),
});
export type GenerateComparisonsInput = z.input<typeof generateComparisonsInput>;

interface Answer {
  id: string;
  key: string;
  model: string;
  promptId: string;
}

export async function generateComparisons(actor: Actor, datasetId: string, input: GenerateComparisonsInput) {
  requireDataManager(actor);
  const p = generateComparisonsInput.parse(input);
  await findDatasetOr404(datasetId, actor);
  const client = db();

  if (p.strategy === "imported") {
    if (p.mode !== "pairwise") throw new AppError("Invalid", "strategy 'imported' opens recorded pairwise preferences; use mode pairwise", { field: "strategy" });
    const opened = await client.comparison.updateMany({ where: { datasetId, importedVerdict: { not: null }, overlap: 0 }, data: { overlap: p.overlap } });
    return { created: 0, opened: opened.count, existing: 0, gold: 0, prompts: 0 };
  }

  const rand = seededRandom(p.seed);
  const promptRows = await client.prompt.findMany({ where: { datasetId }, select: { id: true, key: true }, orderBy: { key: "asc" } });
  const prompts = p.maxPrompts ? shuffled(promptRows, seededRandom(p.seed)).slice(0, p.maxPrompts) : promptRows;
  const ids = prompts.map((x) => x.id);
  const answers = await client.response.findMany({
    where: { promptId: { in: ids }, model: p.models ? { in: p.models.filter((m) => m !== ATTENTION_CHECK_MODEL) } : { not: ATTENTION_CHECK_MODEL } },
    select: { id: true, key: true, model: true, promptId: true },
    orderBy: { key: "asc" },
  });
  const byPrompt = new Map<string, Answer[]>();
  for (const a of answers) byPrompt.set(a.promptId, [...(byPrompt.get(a.promptId) ?? []), a]);

  const existing = await client.comparison.findMany({ where: { datasetId, mode: p.mode }, select: { responseAId: true, responseBId: true } });
  const seen = new Set(existing.map((c) => pairKey(c.responseAId, c.responseBId)));
  const fresh: Array<{ promptId: string; responseAId: string; responseBId: string }> = [];
  let already = 0;
  const want = (promptId: string, a: Answer, b: Answer) => {
    const k = pairKey(a.id, b.id);
    if (seen.has(k)) return void already++;
    seen.add(k);
    fresh.push({ promptId, responseAId: a.id, responseBId: b.id });
    if (fresh.length > MAX_NEW_COMPARISONS) {
      throw new AppError("Unprocessable", `This would create more than ${MAX_NEW_COMPARISONS.toLocaleString("en-US")} comparisons; use strategy "sample", perPrompt, models or maxPrompts`);
    }
  };

  let references: Map<string, string> | undefined;
  if (p.mode === "vs_reference" && !p.referenceModel) references = await currentReferences(ids);
  for (const prompt of prompts) {
    const list = byPrompt.get(prompt.id) ?? [];
    if (p.mode === "pairwise") {
      const pairs: Array<[Answer, Answer]> = [];
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.push(stableOrder(list[i]!, list[j]!));
      const chosen = p.strategy === "sample" ? shuffled(pairs, rand).slice(0, p.perPrompt ?? 1) : pairs;
      for (const [a, b] of chosen) want(prompt.id, a, b);
    } else {
      const refId = p.referenceModel ? list.find((a) => a.model === p.referenceModel)?.id : references!.get(prompt.id);
      const ref = refId ? list.find((a) => a.id === refId) ?? (await loadAnswer(refId)) : undefined;
      if (!ref) continue; // no reference for this prompt yet: nothing to compare against
      const candidates = list.filter((a) => a.id !== ref.id && a.key !== ref.key);
      for (const c of p.perPrompt ? shuffled(candidates, rand).slice(0, p.perPrompt) : candidates) want(prompt.id, c, ref);
    }
  }
  for (let i = 0; i < fresh.length; i += 5000) {
    await client.comparison.createMany({
      data: fresh.slice(i, i + 5000).map((f) => ({ ...f, datasetId, mode: p.mode, overlap: p.overlap })),
      skipDuplicates: true,
    });
  }
  const gold = p.attentionChecks > 0 ? await addAttentionChecks(datasetId, { count: p.attentionChecks, mode: p.mode, overlap: p.overlap, seed: p.seed, references, referenceModel: p.referenceModel }) : 0;
  return { created: fresh.length, opened: 0, existing: already, gold, prompts: prompts.length };
}

/** The newest Reference per prompt (references are history; the latest row is current). */
async function currentReferences(promptIds: string[]): Promise<Map<string, string>> {
  const rows = await db().reference.findMany({
    where: { promptId: { in: promptIds } },
    orderBy: [{ promptId: "asc" }, { createdAt: "desc" }],
    distinct: ["promptId"],
    select: { promptId: true, responseId: true },
  });
  return new Map(rows.map((r) => [r.promptId, r.responseId]));
}

async function loadAnswer(id: string): Promise<Answer | undefined> {
  return (await db().response.findUnique({ where: { id }, select: { id: true, key: true, model: true, promptId: true } })) ?? undefined;
}
