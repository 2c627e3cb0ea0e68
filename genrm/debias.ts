/**
 * Position debiasing (MT-Bench practice): judge each item in both orders, average the forward
 * distribution with the mirrored swapped one, and flag items whose two argmax verdicts disagree.
 * Both orders go to the backend in ONE call so batching backends see a single batch.
 * Not here: caching or batching policy (cache.ts, microbatch.ts wrap the backend instead).
 */
import {
  BackendError,
  isItemFailure,
  type ItemFailure,
  type JudgeBackend,
  type JudgeItem,
  type JudgeOptions,
  type JudgeOutput,
  type Judgement,
  type Verdict,
  type VerdictProbs,
} from "./types";
import { argmaxVerdict, mirrorProbs, mirrorVerdict, rewardFromProbs } from "./verdicts";

/** One item's judgement from a single order (both orders combined: DebiasedResult). */
export interface SingleOrderResult {
  verdict: Verdict;
  probs: VerdictProbs;
  /** p(better) − p(worse) ∈ [−1, 1] */
  reward: number;
  /** What a reasoning judge wrote, one text per sample (reasoning backends only). */
  reasoning?: string[];
}

/** One item's both-order judgement. `probs`, `verdict`, `reward` are the debiased values. */
export interface DebiasedResult extends SingleOrderResult {
  /** The forward and the (mirrored) swapped order agree on the argmax verdict. */
  consistent: boolean;
  /** The raw per-order distributions: `swapped` as the backend returned it (not mirrored). */
  orders: { forward: VerdictProbs; swapped: VerdictProbs };
  /** What a reasoning judge wrote in each order (reasoning backends only). */
  reasoningByOrder?: { forward: string[]; swapped: string[] };
}

/** The same comparison seen from the other side: candidate and reference trade places. */
export function swapItem(item: JudgeItem): JudgeItem {
  const swapped: JudgeItem = { prompt: item.prompt, reference: item.candidate, candidate: item.reference };
  if (item.turns) swapped.turns = item.turns;
  return swapped;
}

const probsOf = (p: VerdictProbs): VerdictProbs => ({ better: p.better, same: p.same, worse: p.worse });

export function toSingleOrderResult(judgement: Judgement): SingleOrderResult {
  const probs = probsOf(judgement);
  const out: SingleOrderResult = { verdict: argmaxVerdict(probs), probs, reward: rewardFromProbs(probs) };
  if (judgement.reasoning) out.reasoning = judgement.reasoning;
  return out;
}

/** Combines a forward judgement with the judgement of the swapped item. */
export function combineOrders(forward: Judgement, swapped: Judgement): DebiasedResult {
  const back = mirrorProbs(swapped);
  const probs: VerdictProbs = {
    better: (forward.better + back.better) / 2,
    same: (forward.same + back.same) / 2,
    worse: (forward.worse + back.worse) / 2,
  };
  const out: DebiasedResult = {
    ...toSingleOrderResult(probs),
    consistent: argmaxVerdict(forward) === mirrorVerdict(argmaxVerdict(swapped)),
    orders: { forward: probsOf(forward), swapped: probsOf(swapped) },
  };
  if (forward.reasoning || swapped.reasoning) out.reasoningByOrder = { forward: forward.reasoning ?? [], swapped: swapped.reasoning ?? [] };
  return out;
}

function checkCount(got: JudgeOutput[], want: number): void {
  if (!Array.isArray(got) || got.length !== want) {
    throw new BackendError("bad_response", `backend returned ${Array.isArray(got) ? got.length : "no"} results for ${want} items`);
  }
}

/** An item failure as the error of a call that needed every item judged. */
function failureError(failure: ItemFailure, index: number): BackendError {
  return new BackendError("bad_response", `item ${index}: ${failure.error.message}`);
}

/** Judges every item in one order only (no debiasing); an item the judge could not judge is an ItemFailure. */
export async function judgeSingleOrderOutcomes(backend: JudgeBackend, items: JudgeItem[], options?: JudgeOptions): Promise<Array<SingleOrderResult | ItemFailure>> {
  if (items.length === 0) return [];
  const out = await backend.judge(items, options);
  checkCount(out, items.length);
  return out.map((o) => (isItemFailure(o) ? o : toSingleOrderResult(o)));
}

/**
 * Judges every item in both orders with ONE backend call: the batch is [items…, swapped items…]. An item
 * fails when either order failed (a one-sided judgement would bring the position bias back).
 */
export async function judgeBothOrdersOutcomes(backend: JudgeBackend, items: JudgeItem[], options?: JudgeOptions): Promise<Array<DebiasedResult | ItemFailure>> {
  if (items.length === 0) return [];
  const out = await backend.judge([...items, ...items.map(swapItem)], options);
  checkCount(out, 2 * items.length);
  return items.map((_, i) => {
    const fwd = out[i]!;
    const swp = out[items.length + i]!;
    if (isItemFailure(fwd)) return fwd;
    if (isItemFailure(swp)) return { error: { code: swp.error.code, message: `swapped order: ${swp.error.message}` } };
    return combineOrders(fwd, swp);
  });
}

/** Like judgeSingleOrderOutcomes for callers that need every item: an item failure fails the call (BackendError "bad_response"). */
export async function judgeSingleOrder(backend: JudgeBackend, items: JudgeItem[], options?: JudgeOptions): Promise<SingleOrderResult[]> {
  const out = await judgeSingleOrderOutcomes(backend, items, options);
  return out.map((o, i) => {
    if (isItemFailure(o)) throw failureError(o, i);
    return o;
  });
}

/** Like judgeBothOrdersOutcomes for callers that need every item (evaluation, recalibration): an item failure fails the call. */
export async function judgeBothOrders(backend: JudgeBackend, items: JudgeItem[], options?: JudgeOptions): Promise<DebiasedResult[]> {
  const out = await judgeBothOrdersOutcomes(backend, items, options);
  return out.map((o, i) => {
    if (isItemFailure(o)) throw failureError(o, i);
    return o;
  });
}

/** The distributions of a backend's outputs, for callers that need every item: an item failure fails the call. */
export function requireJudgements(outputs: JudgeOutput[]): VerdictProbs[] {
  return outputs.map((o, i) => {
    if (isItemFailure(o)) throw failureError(o, i);
    return o;
  });
}
