/**
 * Measures diagnosis.ts's numbers on a run: its most recent stored rollouts (the samples the trainer
 * reported with its last steps), each judged as written and with a short closer added
 * against the prompt's current reference, both orders, by the GenRM version the run is judged by.
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { JudgeBackend, JudgeItem } from "../../../genrm/types";
import { db } from "../../db/client";
import { createBackend } from "../../genrm-service/create-backend";
import { resolveReferences } from "../../genrm-service/resolve-references";
import { renderJudgePrompt } from "../../../genrm/template";
import { probeBudget } from "../../models/evaluation/length-probe";
import { diagnose, type Diagnosis } from "./diagnosis";

/**
 * The words added after each rollout: short, content-free, and placed after the answer so that nothing
 * the rollout says moves. Short on purpose: a judge with a small reading window must still SEE them on
 * the rollouts chosen below, or "no reward for them" would only mean "not read".
 */
export const DIAGNOSIS_SUFFIX = " I hope this helps.";

/** The judge reads the whole candidate (undefined budget: no window, always). */
function fullyRead(prompt: string, reference: string, candidate: string, maxBytes: number | undefined): boolean {
  if (maxBytes === undefined) return true;
  const r = renderJudgePrompt({ prompt, reference, candidate }, { maxBytes });
  return r.includes(`### Candidate\n${candidate}\n### Verdict`);
}

/** Recent rollouts judged (×2 texts ×2 orders): enough for a sign test, a second or two on the demo judge. */
export const DIAGNOSIS_ROLLOUTS = 96;
const BATCH = 32;

export async function diagnoseRun(runId: string, modelId: string, opts: { signal?: AbortSignal; backend?: JudgeBackend; max?: number } = {}): Promise<Diagnosis> {
  const max = opts.max ?? DIAGNOSIS_ROLLOUTS;
  const steps = await db().rlStep.findMany({ where: { runId }, orderBy: { step: "desc" }, take: 20, select: { id: true } });
  const samples = await db().rolloutSample.findMany({
    where: { stepId: { in: steps.map((s) => s.id) } },
    select: { prompt: true, response: true, reward: true, length: true, correct: true, step: { select: { step: true } } },
  });
  // Newest steps first, then a stable order within a step.
  samples.sort((a, b) => b.step.step - a.step.step || (a.prompt + a.response < b.prompt + b.response ? -1 : 1));
  const refs = await resolveReferences([...new Set(samples.map((s) => s.prompt))]);
  const model = await db().genrmModel.findUniqueOrThrow({ where: { id: modelId }, include: { trainingRun: { select: { params: true } } } });
  const budget = probeBudget(model.trainingRun?.params);
  const judged = samples.filter((s) => s.response.trim() && refs.get(s.prompt));
  // Rollouts whose longer copy the judge reads in full; all of them when too few qualify.
  const visible = judged.filter((s) => fullyRead(s.prompt, refs.get(s.prompt)!.text, s.response + DIAGNOSIS_SUFFIX, budget));
  const usable = (visible.length >= Math.min(max, 32) ? visible : judged).slice(0, max);
  const items: JudgeItem[] = usable.flatMap((s) => {
    const reference = refs.get(s.prompt)!.text;
    return [
      { prompt: s.prompt, reference, candidate: s.response },
      { prompt: s.prompt, reference, candidate: s.response + DIAGNOSIS_SUFFIX },
    ];
  });
  const backend = opts.backend ?? (await createBackend(model));
  try {
    const rewards: number[] = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const res = await judgeBothOrders(backend, items.slice(i, i + BATCH), { signal: opts.signal });
      rewards.push(...res.map((r) => r.reward));
    }
    return diagnose(
      usable.map((_, i) => rewards[2 * i]!),
      usable.map((_, i) => rewards[2 * i + 1]!),
      samples.map((s) => ({ length: s.length, reward: s.reward, correct: s.correct })),
    );
  } finally {
    if (!opts.backend) await backend.close?.().catch(() => undefined);
  }
}
