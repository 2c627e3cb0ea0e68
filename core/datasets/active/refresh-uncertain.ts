/**
 * Active labelling: tops a dataset's queue up to `budget` open comparisons chosen where the active GenRM
 * is unsure. Candidates come from the configured sources (sources.ts); the active version judges each
 * in both orders (the serving stack, so its cache and batching apply); genrm/uncertainty.ts ranks them
 * (debiased-verdict entropy + swap inconsistency, a per-prompt cap) and the top ones become ordinary
 * comparisons (same queue, leases, k-overlap, gold mixing) carrying their uncertainty score.
 * Called when the settings are saved and again as labels arrive (a `labelling.refresh-uncertain` job,
 * see refresh-after-label.ts): each refresh re-scores what is left under the version active THEN, so a
 * newly trained judge redirects labelling to what it is unsure of. Idempotent: existing pairs are skipped.
 */
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { estimateTokens } from "../estimate-tokens";
import { promptKey, responseKey } from "../../formats/content-key";
import { getServingBackend } from "../../genrm-service/serving-pool";
import { resolveReferences } from "../../genrm-service/resolve-references";
import { requireJudgements, swapItem } from "../../../genrm/debias";
import type { JudgeItem, VerdictProbs } from "../../../genrm/types";
import { selectUncertain } from "../../../genrm/uncertainty";
import { activeLabellingInput, type ActiveLabelling } from "./settings";
import { datasetCandidates, rolloutCandidates, undecidedCandidates, type Candidate, type CandidateAnswer } from "./sources";

const JUDGE_CHUNK = 256;

export interface RefreshResult {
  model: string | null;
  open: number;
  candidates: number;
  created: number;
  bySource: Record<string, number>;
}

/** Open uncertain comparisons: chosen by active labelling and still short of their labels. */
export async function openUncertain(datasetId: string): Promise<number> {
  const [row] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Comparison" WHERE "datasetId" = ${datasetId} AND uncertainty IS NOT NULL AND "labelCount" < overlap`;
  return Number(row?.n ?? 0);
}

export async function collectCandidates(datasetId: string, cfg: ActiveLabelling): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const room = () => cfg.maxCandidates - out.length;
  if (cfg.sources.dataset) out.push(...(await datasetCandidates(datasetId, cfg.sources.dataset, room())));
  if (room() > 0 && cfg.sources.runs?.length) out.push(...(await rolloutCandidates(cfg.sources.runs, room(), resolveReferences)));
  if (room() > 0 && cfg.sources.undecided) out.push(...(await undecidedCandidates(room())));
  return out;
}

async function judgeBoth(items: JudgeItem[]): Promise<{ model: string; probs: Array<{ forward: VerdictProbs; swapped: VerdictProbs }> }> {
  const stack = await getServingBackend();
  const probs: Array<{ forward: VerdictProbs; swapped: VerdictProbs }> = [];
  for (let i = 0; i < items.length; i += JUDGE_CHUNK) {
    const chunk = items.slice(i, i + JUDGE_CHUNK);
    // One call with both orders, as judgeBothOrders does, so a batching backend sees one batch.
    const all = requireJudgements(await stack.backend.judge([...chunk, ...chunk.map(swapItem)]));
    for (let j = 0; j < chunk.length; j++) probs.push({ forward: all[j]!, swapped: all[chunk.length + j]! });
  }
  return { model: stack.model.name, probs };
}

async function materialize(datasetId: string, c: Candidate): Promise<{ promptId: string; aId: string; bId: string }> {
  const pKey = promptKey(c.prompt);
  const promptId =
    c.promptId ??
    (await db().prompt.upsert({ where: { datasetId_key: { datasetId, key: pKey } }, create: { datasetId, key: pKey, text: c.prompt }, update: {}, select: { id: true } })).id;
  const answer = async (x: CandidateAnswer) => {
    if (x.responseId) return x.responseId;
    const key = responseKey(pKey, x.model, x.text);
    const r = await db().response.upsert({
      where: { promptId_key: { promptId, key } },
      create: { promptId, model: x.model, text: x.text, key, charLen: [...x.text].length, tokenLen: estimateTokens(x.text) },
      update: {},
      select: { id: true },
    });
    return r.id;
  };
  return { promptId, aId: await answer(c.a), bId: await answer(c.b) };
}

export async function refreshUncertainComparisons(datasetId: string): Promise<RefreshResult> {
  const ds = await db().dataset.findUnique({ where: { id: datasetId }, select: { activeLabelling: true } });
  if (!ds) throw new AppError("NotFound", "Dataset not found");
  if (ds.activeLabelling === null) return { model: null, open: 0, candidates: 0, created: 0, bySource: {} };
  const cfg = activeLabellingInput.parse(ds.activeLabelling);
  const open = await openUncertain(datasetId);
  if (open >= cfg.budget) return { model: null, open, candidates: 0, created: 0, bySource: {} };
  const candidates = await collectCandidates(datasetId, cfg);
  if (candidates.length === 0) return { model: null, open, candidates: 0, created: 0, bySource: {} };
  const judged = await judgeBoth(candidates.map((c) => ({ prompt: c.prompt, candidate: c.a.text, reference: c.b.text })));
  const picks = selectUncertain(
    candidates.map((c, i) => ({ id: `${i}`.padStart(6, "0"), group: promptKey(c.prompt), candidate: c, ...judged.probs[i]! })),
    { budget: cfg.budget - open, maxPerGroup: cfg.maxPerPrompt },
  );
  let created = 0;
  const bySource: Record<string, number> = {};
  for (const p of picks) {
    const { promptId, aId, bId } = await materialize(datasetId, p.candidate);
    const res = await db().comparison.createMany({
      data: [{ datasetId, promptId, responseAId: aId, responseBId: bId, mode: p.candidate.mode, overlap: cfg.overlap, uncertainty: p.uncertainty.score }],
      skipDuplicates: true,
    });
    created += res.count;
    bySource[p.candidate.source] = (bySource[p.candidate.source] ?? 0) + res.count;
  }
  return { model: judged.model, open: open + created, candidates: candidates.length, created, bySource };
}
