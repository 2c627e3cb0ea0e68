/**
 * Position debiasing (MT-Bench practice): judge each item in both orders, average the forward
 * distribution with the mirrored swapped one, and flag items whose two argmax verdicts disagree.
 * Both orders go to the backend in ONE call so batching backends see a single batch.
 * Not here: caching or batching policy (cache.ts, microbatch.ts wrap the backend instead).
 */
import { BackendError, type JudgeBackend, type JudgeItem, type JudgeOptions, type Verdict, type VerdictProbs } from "./types";
import { argmaxVerdict, mirrorProbs, mirrorVerdict, rewardFromProbs } from "./verdicts";

/** One item's judgement from a single order. */
export interface JudgeResult {
  verdict: Verdict;
  probs: VerdictProbs;
  /** p(better) − p(worse) ∈ [−1, 1] */
  reward: number;
}

/** One item's both-order judgement. `probs`, `verdict`, `reward` are the debiased values. */
export interface DebiasedResult extends JudgeResult {
  /** The forward and the (mirrored) swapped order agree on the argmax verdict. */
  consistent: boolean;
  /** The raw per-order distributions: `swapped` as the backend returned it (not mirrored). */
  orders: { forward: VerdictProbs; swapped: VerdictProbs };
}

/** The same comparison seen from the other side: candidate and reference trade places. */
export function swapItem(item: JudgeItem): JudgeItem {
  return { prompt: item.prompt, reference: item.candidate, candidate: item.reference };
}

export function toJudgeResult(probs: VerdictProbs): JudgeResult {
  return { verdict: argmaxVerdict(probs), probs, reward: rewardFromProbs(probs) };
}

/** Combines a forward judgement with the judgement of the swapped item. */
export function combineOrders(forward: VerdictProbs, swapped: VerdictProbs): DebiasedResult {
  const back = mirrorProbs(swapped);
  const probs: VerdictProbs = {
    better: (forward.better + back.better) / 2,
    same: (forward.same + back.same) / 2,
    worse: (forward.worse + back.worse) / 2,
  };
  return {
    ...toJudgeResult(probs),
    consistent: argmaxVerdict(forward) === mirrorVerdict(argmaxVerdict(swapped)),
    orders: { forward, swapped },
  };
}

function checkCount(got: VerdictProbs[], want: number): void {
  if (!Array.isArray(got) || got.length !== want) {
    throw new BackendError("bad_response", `backend returned ${Array.isArray(got) ? got.length : "no"} results for ${want} items`);
  }
}

/** Judges every item in one order only (no debiasing). */
export async function judgeSingleOrder(backend: JudgeBackend, items: JudgeItem[], options?: JudgeOptions): Promise<JudgeResult[]> {
  if (items.length === 0) return [];
  const probs = await backend.judge(items, options);
  checkCount(probs, items.length);
  return probs.map(toJudgeResult);
}

/**
 * Judges every item in both orders with ONE backend call: the batch is [items…, swapped items…].
 */
export async function judgeBothOrders(backend: JudgeBackend, items: JudgeItem[], options?: JudgeOptions): Promise<DebiasedResult[]> {
  if (items.length === 0) return [];
  const probs = await backend.judge([...items, ...items.map(swapItem)], options);
  checkCount(probs, 2 * items.length);
  return items.map((_, i) => combineOrders(probs[i]!, probs[items.length + i]!));
}
