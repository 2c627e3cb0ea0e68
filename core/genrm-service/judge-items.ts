/**
 * Judges items with a serving stack and returns one outcome per item, in order. The whole call fails
 * only for what concerns every item (backend down or saturated, Redis down: 503). When the backend
 * refuses a batch as invalid input, the batch is bisected over the un-batched path so only the guilty
 * items get a 422 — a bad item (or another request's bad item merged into the same micro-batch) never
 * fails the rest. An item the judge answered unusably (a reply naming no verdict, in either order) is
 * that item's 502 "BadGateway" with reason "unparseable_verdict" — never a made-up 0 reward.
 */
import { judgeBothOrdersOutcomes, judgeSingleOrderOutcomes } from "../../genrm/debias";
import { BackendError, isItemFailure, type ItemErrorCode, type JudgeBackend, type JudgeItem, type Verdict, type VerdictProbs } from "../../genrm/types";
import type { ErrorCode } from "../errors";
import { toServiceError } from "./backend-errors";
import type { ServingStack } from "./serving-pool";

/** What a reasoning judge wrote: one text per sample, per order judged. */
export interface ItemReasoning {
  forward: string[];
  swapped?: string[];
}

export type ItemOutcome =
  | { ok: true; verdict: Verdict; probs: VerdictProbs; reward: number; consistent: boolean | null; reasoning?: ItemReasoning }
  | { ok: false; status: number; code: ErrorCode; message: string; reason?: ItemErrorCode };

export interface JudgeItemsOptions {
  /** Judge both orders and average (position debiasing). Default true. */
  bothOrders?: boolean;
  /** Return what a reasoning judge wrote (skips the caches, which keep probabilities only). */
  includeReasoning?: boolean;
  signal?: AbortSignal;
}

function unparseableOutcome(message: string): ItemOutcome {
  return { ok: false, status: 502, code: "BadGateway", reason: "unparseable_verdict", message: `the GenRM's reply could not be read: ${message}` };
}

async function judgeWith(backend: JudgeBackend, items: JudgeItem[], options: JudgeItemsOptions): Promise<ItemOutcome[]> {
  const call = { signal: options.signal, includeReasoning: options.includeReasoning };
  const keep = options.includeReasoning === true;
  if (options.bothOrders ?? true) {
    const r = await judgeBothOrdersOutcomes(backend, items, call);
    return r.map((o) => {
      if (isItemFailure(o)) return unparseableOutcome(o.error.message);
      const out: ItemOutcome = { ok: true, verdict: o.verdict, probs: o.probs, reward: o.reward, consistent: o.consistent };
      if (keep && o.reasoningByOrder) out.reasoning = { forward: o.reasoningByOrder.forward, swapped: o.reasoningByOrder.swapped };
      return out;
    });
  }
  const r = await judgeSingleOrderOutcomes(backend, items, call);
  return r.map((o) => {
    if (isItemFailure(o)) return unparseableOutcome(o.error.message);
    const out: ItemOutcome = { ok: true, verdict: o.verdict, probs: o.probs, reward: o.reward, consistent: null };
    if (keep && o.reasoning) out.reasoning = { forward: o.reasoning };
    return out;
  });
}

const refused = (e: unknown) => e instanceof BackendError && e.code === "invalid_input";

async function bisect(stack: ServingStack, items: JudgeItem[], options: JudgeItemsOptions): Promise<ItemOutcome[]> {
  try {
    return await judgeWith(stack.isolated, items, options);
  } catch (e) {
    if (!refused(e)) throw e;
    if (items.length === 1) return [{ ok: false, status: 422, code: "Unprocessable", message: `the GenRM backend refused this item: ${(e as Error).message}` }];
    const mid = Math.ceil(items.length / 2);
    return [...(await bisect(stack, items.slice(0, mid), options)), ...(await bisect(stack, items.slice(mid), options))];
  }
}

export async function judgeItems(stack: ServingStack, items: JudgeItem[], options: JudgeItemsOptions = {}): Promise<ItemOutcome[]> {
  if (items.length === 0) return [];
  try {
    try {
      return await judgeWith(stack.backend, items, options);
    } catch (e) {
      if (!refused(e)) throw e;
      return await bisect(stack, items, options);
    }
  } catch (e) {
    throw toServiceError(e, stack.model.version);
  }
}
