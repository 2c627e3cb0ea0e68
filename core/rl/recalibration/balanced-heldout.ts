/**
 * The held-out labels the acceptance rule measures content accuracy on: the parent's held-out labels,
 * length-balanced exactly as the recalibration balances its training labels (balance-by-length.ts).
 *
 * Why not all of them: when annotators favour longer answers, the held-out labels carry the same
 * surplus of longer-wins verdicts as the training labels. A version that learnt the taste agrees with
 * that surplus and a version that unlearnt it disagrees — on all labels, removing a length bias reads
 * as lost accuracy, and the rule would reject every recalibration that works. On the balanced set
 * length alone predicts nothing, so what is left to agree on is content. Only what anyone can see is
 * used (verdicts and answer lengths), the same for both versions. Pure but for the judge calls.
 */
import { judgeBothOrders } from "../../../genrm/debias";
import type { JudgeBackend } from "../../../genrm/types";
import { argmaxVerdict } from "../../../genrm/verdicts";
import { toJudgeCase, type DbLabel } from "../../training-data";
import { balanceByLength } from "./balance-by-length";

const BATCH = 32;

export function balancedHeldOut(heldOut: readonly DbLabel[]): DbLabel[] {
  return balanceByLength(heldOut).kept;
}

/** Share of labels whose verdict the version's debiased argmax gives; null without labels. */
export async function accuracyOn(backend: JudgeBackend, labels: readonly DbLabel[], signal?: AbortSignal): Promise<number | null> {
  if (labels.length === 0) return null;
  const cases = labels.map(toJudgeCase);
  let correct = 0;
  for (let i = 0; i < cases.length; i += BATCH) {
    const part = cases.slice(i, i + BATCH);
    const res = await judgeBothOrders(backend, part.map((c) => c.item), { signal });
    res.forEach((r, j) => (correct += argmaxVerdict(r.probs) === part[j]!.truth ? 1 : 0));
  }
  return correct / cases.length;
}
