/**
 * Training records from the run's own rollouts: each rollout as written and padded the way its policy
 * pads (recent-rollouts.ts), against the prompt's reference, both labelled with the verdict the version
 * being recalibrated gives the rollout AS WRITTEN. Padding must not change a verdict, and these are the
 * very answers, references and padding the policy exploits; labels on other answers did not reach them
 * (the demo's v1 kept paying the same for its policy's padding after a fine-tune on padded label copies).
 * Only rollouts the version judges confidently (and the same in both orders) are used: a shaky verdict
 * would teach noise. The held-out human labels still decide whether content accuracy held.
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { VsReferenceLabel } from "../../../genrm/export";
import type { JudgeBackend } from "../../../genrm/types";
import { argmaxVerdict } from "../../../genrm/verdicts";
import { promptKey } from "../../formats/content-key";
import type { PaddedRollout } from "./recent-rollouts";

/** The written rollout's top verdict must have at least this probability (debiased, both orders). */
export const MIN_CONFIDENCE = 0.6;
const BATCH = 32;

export async function rolloutCopies(rollouts: readonly PaddedRollout[], parent: JudgeBackend, signal?: AbortSignal): Promise<VsReferenceLabel[]> {
  const items = rollouts.map((r) => ({ prompt: r.prompt, reference: r.reference, candidate: r.original }));
  const out: VsReferenceLabel[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const judged = await judgeBothOrders(parent, items.slice(i, i + BATCH), { signal });
    judged.forEach((j, k) => {
      const r = rollouts[i + k]!;
      const verdict = argmaxVerdict(j.probs);
      if (j.probs[verdict] < MIN_CONFIDENCE || j.consistent === false) return;
      const promptId = promptKey(r.prompt);
      out.push({ promptId, prompt: r.prompt, reference: r.reference, candidate: r.original, verdict });
      out.push({ promptId, prompt: r.prompt, reference: r.reference, candidate: r.padded, verdict });
    });
  }
  return out;
}
