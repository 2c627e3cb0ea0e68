/**
 * Humans in the loop during RL: a share (`RlRun.humanSampleRate`) of each step's reported rollouts goes
 * to blind labelling — the rollout against the prompt's current reference (the answer the GenRM judged
 * it against), in a labelling dataset of the run's own ("Human checks · RL run <id suffix>": not the run's name, which annotators would see). It is an
 * ordinary dataset: the same /label queue, leases, k-overlap, blind sides and gold attention checks
 * (add-attention-checks.ts) as any comparison; nothing here labels or scores.
 * Which rollouts: a hash of (run, step, response) below the rate — reproducible, so a re-sent step picks
 * the same ones — at most MAX_CHECKS_PER_STEP, and only rollouts whose prompt has a reference.
 * Idempotent: prompts, answers and comparisons are keyed by content (a re-sent step reuses them).
 */
import { createHash } from "node:crypto";
import { db } from "../../db/client";
import { addAttentionChecks } from "../../datasets/add-attention-checks";
import { estimateTokens } from "../../datasets/estimate-tokens";
import { promptKey, responseKey } from "../../formats/content-key";
import { resolveReferences } from "../../genrm-service/resolve-references";

export const MAX_CHECKS_PER_STEP = 32;
/** One gold attention check per this many sampled rollouts (at least one per step that samples any). */
export const CHECKS_PER_GOLD = 10;
export const ROLLOUT_MODEL = "rl-rollout";
export const REFERENCE_MODEL = "reference";

const GUIDELINES =
  "Each task is an answer from a model being trained, next to a reference answer for the same prompt. " +
  "Judge which one answers the prompt better: correctness first, then helpfulness. Do not reward length " +
  "for its own sake: a longer answer that repeats itself or pads is worse, not better.";

/** A number in [0, 1) from the sample's identity: the same rollout is always in or always out. */
export function sampleDraw(runId: string, step: number, response: string): number {
  const h = createHash("sha256").update(`${runId}\n${step}\n${response}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

export function chooseForHumans<T extends { response: string }>(runId: string, step: number, samples: readonly T[], rate: number): T[] {
  if (!(rate > 0)) return [];
  return samples
    .map((s) => ({ s, u: sampleDraw(runId, step, s.response) }))
    .filter((x) => x.u < rate)
    .sort((a, b) => a.u - b.u)
    .slice(0, MAX_CHECKS_PER_STEP)
    .map((x) => x.s);
}

async function humanDataset(run: { id: string; name: string; ownerId: string; humanDatasetId: string | null }): Promise<string> {
  if (run.humanDatasetId) return run.humanDatasetId;
  return db().$transaction(async (tx) => {
    // Two steps of a new run arriving at once: the row lock makes the second see the first's dataset.
    const [locked] = await tx.$queryRaw<{ humanDatasetId: string | null }[]>`SELECT "humanDatasetId" FROM "RlRun" WHERE id = ${run.id} FOR UPDATE`;
    if (locked?.humanDatasetId) return locked.humanDatasetId;
    const ds = await tx.dataset.create({
      data: {
        // Annotators see a queue's name: the run's own name may say which policy wrote the answers.
        name: `Human checks · RL run ${run.id.slice(-8)}`,
        description: `Rollouts of RL run ${run.id} sampled for blind human checks against the prompts' references.`,
        guidelines: GUIDELINES,
        createdById: run.ownerId,
      },
    });
    await tx.rlRun.update({ where: { id: run.id }, data: { humanDatasetId: ds.id } });
    return ds.id;
  });
}

async function upsertAnswer(promptId: string, pKey: string, model: string, text: string) {
  const key = responseKey(pKey, model, text);
  return db().response.upsert({
    where: { promptId_key: { promptId, key } },
    create: { promptId, model, text, key, charLen: [...text].length, tokenLen: estimateTokens(text) },
    update: {},
    select: { id: true },
  });
}

/** Sends the sampled rollouts of one stored step to the run's human-check queue; returns how many. */
export async function queueHumanChecks(runId: string, stepId: string): Promise<number> {
  const run = await db().rlRun.findUniqueOrThrow({ where: { id: runId }, select: { id: true, name: true, ownerId: true, humanDatasetId: true, humanSampleRate: true } });
  if (!(run.humanSampleRate > 0)) return 0;
  const step = await db().rlStep.findUniqueOrThrow({
    where: { id: stepId },
    select: { step: true, samples: { where: { comparisonId: null }, select: { id: true, prompt: true, response: true } } },
  });
  const chosen = chooseForHumans(run.id, step.step, step.samples, run.humanSampleRate).filter((s) => s.response.trim().length > 0);
  if (chosen.length === 0) return 0;
  const refs = await resolveReferences(chosen.map((s) => s.prompt));
  const withRef = chosen.filter((s) => refs.get(s.prompt));
  if (withRef.length === 0) return 0;
  const datasetId = await humanDataset(run);
  const references = new Map<string, string>();
  let queued = 0;
  for (const s of withRef) {
    const ref = refs.get(s.prompt)!;
    if (ref.text.trim() === s.response.trim()) continue; // the rollout is the reference: nothing to judge
    const pKey = promptKey(s.prompt);
    const prompt = await db().prompt.upsert({
      where: { datasetId_key: { datasetId, key: pKey } },
      create: { datasetId, key: pKey, text: s.prompt },
      update: {},
      select: { id: true },
    });
    const reference = await upsertAnswer(prompt.id, pKey, REFERENCE_MODEL, ref.text);
    const rollout = await upsertAnswer(prompt.id, pKey, ROLLOUT_MODEL, s.response);
    references.set(prompt.id, reference.id);
    // A = the candidate (the rollout), B = the reference, as every vs_reference comparison.
    const comparison = await db().comparison.upsert({
      where: { responseAId_responseBId_mode: { responseAId: rollout.id, responseBId: reference.id, mode: "vs_reference" } },
      create: { datasetId, promptId: prompt.id, responseAId: rollout.id, responseBId: reference.id, mode: "vs_reference", overlap: 1 },
      update: {},
      select: { id: true },
    });
    await db().rolloutSample.update({ where: { id: s.id }, data: { comparisonId: comparison.id } });
    queued++;
  }
  if (queued > 0) {
    await addAttentionChecks(datasetId, { count: Math.max(1, Math.round(queued / CHECKS_PER_GOLD)), mode: "vs_reference", overlap: 1, seed: step.step, references });
  }
  return queued;
}
