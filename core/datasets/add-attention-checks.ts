/**
 * Gold items that need no expert: "attention checks". For a sampled prompt, one of its real answers is
 * paired with an answer written for a DIFFERENT prompt (stored under this prompt as model
 * "attention-check", hidden like every model name). The on-topic answer is the gold verdict
 * ("a"/"b" pairwise; "worse" for an off-topic candidate vs the reference). Annotators who miss these
 * are not reading; their trust score (core/quality/trust.ts) falls. Researchers can also make any
 * comparison gold from the adjudication list (set-gold.ts).
 */
import { db } from "../db/client";
import { responseKey } from "../formats";
import { estimateTokens } from "./estimate-tokens";
import { seededRandom, shuffled } from "./pair-order";

export const ATTENTION_CHECK_MODEL = "attention-check";

export interface AttentionCheckOptions {
  count: number;
  mode: "pairwise" | "vs_reference";
  overlap: number;
  seed: number;
  /** vs_reference: prompt id → reference response id (else `referenceModel`'s answer). */
  references?: Map<string, string>;
  referenceModel?: string;
}

export async function addAttentionChecks(datasetId: string, o: AttentionCheckOptions): Promise<number> {
  const client = db();
  const rand = seededRandom(o.seed ^ 0x5bd1e995);
  const prompts = await client.prompt.findMany({
    where: { datasetId },
    select: { id: true, key: true, responses: { where: { model: { not: ATTENTION_CHECK_MODEL } }, select: { id: true, model: true, text: true } } },
    orderBy: { key: "asc" },
  });
  const usable = prompts.filter((p) => p.responses.length > 0);
  if (usable.length < 2) return 0;
  let made = 0;
  for (const p of shuffled(usable, rand).slice(0, o.count)) {
    const others = usable.filter((x) => x.id !== p.id);
    const donor = others[Math.floor(rand() * others.length)]!;
    const offTopic = donor.responses[Math.floor(rand() * donor.responses.length)]!.text;
    let real: { id: string } | undefined;
    if (o.mode === "vs_reference") {
      const refId = o.referenceModel ? p.responses.find((r) => r.model === o.referenceModel)?.id : o.references?.get(p.id);
      real = refId ? { id: refId } : undefined;
    } else real = p.responses[Math.floor(rand() * p.responses.length)];
    if (!real) continue;
    const key = responseKey(p.key, ATTENTION_CHECK_MODEL, offTopic);
    const decoy = await client.response.upsert({
      where: { promptId_key: { promptId: p.id, key } },
      create: { promptId: p.id, model: ATTENTION_CHECK_MODEL, text: offTopic, key, charLen: [...offTopic].length, tokenLen: estimateTokens(offTopic) },
      update: {},
      select: { id: true },
    });
    const realFirst = o.mode === "pairwise" && rand() < 0.5;
    const [a, b] = o.mode === "vs_reference" ? [decoy.id, real.id] : realFirst ? [real.id, decoy.id] : [decoy.id, real.id];
    const goldVerdict = o.mode === "vs_reference" ? "worse" : realFirst ? "a" : "b";
    const res = await client.comparison.createMany({
      data: [{ datasetId, promptId: p.id, responseAId: a, responseBId: b, mode: o.mode, overlap: o.overlap, isGold: true, goldVerdict }],
      skipDuplicates: true,
    });
    made += res.count;
  }
  return made;
}
