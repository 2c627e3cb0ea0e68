/**
 * Measures diagnosis.ts's numbers on a run: its most recent stored rollouts, each judged as written,
 * with a short closer added and — when the policy shows padding of its own (recent-rollouts.ts) — padded
 * that way, against the prompt's current reference, both orders, by the GenRM version the run is judged
 * by. The GenRM pays for length when it pays for either kind of added words (the policy's padding is
 * what it exploits now; added words in general are what it may exploit next); it does not when it
 * clearly pays for neither.
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { JudgeBackend, JudgeItem } from "../../../genrm/types";
import { db } from "../../db/client";
import { createBackend } from "../../genrm-service/create-backend";
import { probeBudget } from "../../models/evaluation/length-probe";
import { diagnose, type Diagnosis } from "./diagnosis";
import { recentRollouts } from "./recent-rollouts";

/** Recent rollouts judged (×2 texts ×2 orders): enough for a sign test, a second or two on the demo judge. */
export const DIAGNOSIS_ROLLOUTS = 96;
const BATCH = 32;

export async function diagnoseRun(runId: string, modelId: string, opts: { signal?: AbortSignal; backend?: JudgeBackend; max?: number } = {}): Promise<Diagnosis> {
  const model = await db().genrmModel.findUniqueOrThrow({ where: { id: modelId }, include: { trainingRun: { select: { params: true } } } });
  const { samples, padded, paddings } = await recentRollouts(runId, { maxBytes: probeBudget(model.trainingRun?.params), max: opts.max ?? DIAGNOSIS_ROLLOUTS });
  const ownPadding = paddings.length > 0;
  const items: JudgeItem[] = padded.flatMap((r) => [
    { prompt: r.prompt, reference: r.reference, candidate: r.original },
    { prompt: r.prompt, reference: r.reference, candidate: r.withCloser },
    ...(ownPadding ? [{ prompt: r.prompt, reference: r.reference, candidate: r.padded }] : []),
  ]);
  const per = ownPadding ? 3 : 2;
  const backend = opts.backend ?? (await createBackend(model));
  try {
    const rewards: number[] = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const res = await judgeBothOrders(backend, items.slice(i, i + BATCH), { signal: opts.signal });
      rewards.push(...res.map((r) => r.reward));
    }
    const plain = padded.map((_, i) => rewards[per * i]!);
    const stored = samples.map((s) => ({ length: s.length, reward: s.reward, correct: s.correct }));
    const closer = diagnose(plain, padded.map((_, i) => rewards[per * i + 1]!), stored);
    if (!ownPadding) return { ...closer, runPaddings: 0 };
    const own = { ...diagnose(plain, padded.map((_, i) => rewards[per * i + 2]!), stored), runPaddings: paddings.length };
    // Pays for either → pays; pays for neither → does not; else the unclear one (its numbers with its message).
    if (own.paysForLength === true || (own.paysForLength === false && closer.paysForLength === false) || (own.paysForLength === null && closer.paysForLength !== true)) return own;
    return { ...closer, runPaddings: 0 };
  } finally {
    if (!opts.backend) await backend.close?.().catch(() => undefined);
  }
}
