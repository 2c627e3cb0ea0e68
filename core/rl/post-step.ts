/**
 * A trainer reports one RL step: metrics over the batch plus a sample of rollouts. Idempotent per
 * (run, step): the same payload again changes nothing; a different payload for a step already stored
 * replaces it (last write wins, as a trainer that re-runs a step means). Steps may arrive in any order.
 * Then the detectors run over the whole history; the reply carries the new alerts and the control, so a
 * trainer learns of a pause on the very call that caused it.
 */
import { createHash } from "node:crypto";
import type { Actor } from "../auth/actor";
import { db, Prisma } from "../db/client";
import { invalid } from "../errors";
import { controlOf } from "./get-run-control";
import { referenceLengths } from "./reference-lengths";
import { resolveServingModel } from "../genrm-service/resolve-model";
import { loadRunForWriter } from "./run-access";
import { queueHumanChecks } from "./human-checks/queue-human-checks";
import { runDetectors } from "./run-detectors";
import { deriveStep, sampleLength } from "./step-derived";
import { postStepInput, type PostStepInput } from "./step-input";
import { alertOut } from "./alert-shape";

function hashPayload(input: PostStepInput): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

export async function postStep(actor: Actor | null, runId: string, raw: unknown) {
  const run = await loadRunForWriter(actor, runId);
  const input = postStepInput.parse(raw);
  for (const [i, s] of input.samples.entries()) {
    // A declared length far from the text's would silently skew every correlation.
    if (s.length !== undefined && s.length > s.response.length * 4 + 16) {
      throw invalid(`samples.${i}.length: ${s.length} characters declared for a ${s.response.length}-character response`, `samples.${i}.length`);
    }
  }
  const modelId = input.model !== undefined ? (await resolveServingModel(input.model)).id : run.modelId;
  const payloadHash = hashPayload(input);

  const existing = await db().rlStep.findUnique({ where: { runId_step: { runId: run.id, step: input.step } }, select: { id: true, derived: true } });
  if (existing && (existing.derived as { payloadHash?: string }).payloadHash === payloadHash) {
    return { step: input.step, status: "unchanged" as const, alerts: [], control: await controlOf(run) };
  }

  const refs = await referenceLengths(input.samples.map((s) => s.prompt));
  const derived = deriveStep(input, (p) => refs.get(p), payloadHash);
  const samples = input.samples.map((s) => ({
    prompt: s.prompt,
    response: s.response,
    reward: s.reward,
    length: sampleLength(s),
    correct: s.correct == null ? null : Number(s.correct),
  }));
  const fields = { metrics: input.metrics as Prisma.InputJsonValue, derived: derived as unknown as Prisma.InputJsonValue, modelId };
  let status: "created" | "replaced";
  let stepId: string;
  try {
    [status, stepId] = await db().$transaction(async (tx) => {
      const prior = await tx.rlStep.findUnique({ where: { runId_step: { runId: run.id, step: input.step } }, select: { id: true } });
      const step = prior
        ? await tx.rlStep.update({ where: { id: prior.id }, data: fields })
        : await tx.rlStep.create({ data: { runId: run.id, step: input.step, ...fields } });
      if (prior) await tx.rolloutSample.deleteMany({ where: { stepId: step.id } });
      if (samples.length) await tx.rolloutSample.createMany({ data: samples.map((s) => ({ ...s, stepId: step.id })) });
      return [prior ? "replaced" : "created", step.id] as const;
    });
  } catch (e) {
    // Two posts of a new step at once: the loser's unique violation means the step now exists — the
    // retry path above sees it (same payload → unchanged; different → replace).
    if ((e as { code?: string }).code === "P2002") return postStep(actor, runId, raw);
    throw e;
  }
  if (run.humanSampleRate > 0) await queueHumanChecks(run.id, stepId);
  const fresh = await runDetectors(run.id);
  const after = await db().rlRun.findUniqueOrThrow({ where: { id: run.id } });
  return {
    step: input.step,
    status,
    alerts: fresh.map(alertOut),
    control: await controlOf(after),
  };
}
