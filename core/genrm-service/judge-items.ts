/**
 * Judges items with a serving stack and returns one outcome per item, in order. The whole call fails
 * only for what concerns every item (backend down or saturated, Redis down: 503). When the backend
 * refuses a batch as invalid input, the batch is bisected over the un-batched path so only the guilty
 * items get a 422 — a bad item (or another request's bad item merged into the same micro-batch) never
 * fails the rest.
 */
import { judgeBothOrders, judgeSingleOrder } from "../../genrm/debias";
import { BackendError, type JudgeBackend, type JudgeItem, type Verdict, type VerdictProbs } from "../../genrm/types";
import type { ErrorCode } from "../errors";
import { toServiceError } from "./backend-errors";
import type { ServingStack } from "./serving-pool";

export type ItemOutcome =
  | { ok: true; verdict: Verdict; probs: VerdictProbs; reward: number; consistent: boolean | null }
  | { ok: false; status: number; code: ErrorCode; message: string };

export interface JudgeItemsOptions {
  /** Judge both orders and average (position debiasing). Default true. */
  bothOrders?: boolean;
  signal?: AbortSignal;
}

async function judgeWith(backend: JudgeBackend, items: JudgeItem[], bothOrders: boolean, signal?: AbortSignal): Promise<ItemOutcome[]> {
  if (bothOrders) {
    const r = await judgeBothOrders(backend, items, { signal });
    return r.map(({ verdict, probs, reward, consistent }) => ({ ok: true, verdict, probs, reward, consistent }));
  }
  const r = await judgeSingleOrder(backend, items, { signal });
  return r.map(({ verdict, probs, reward }) => ({ ok: true, verdict, probs, reward, consistent: null }));
}

const refused = (e: unknown) => e instanceof BackendError && e.code === "invalid_input";

async function bisect(stack: ServingStack, items: JudgeItem[], bothOrders: boolean, signal?: AbortSignal): Promise<ItemOutcome[]> {
  try {
    return await judgeWith(stack.isolated, items, bothOrders, signal);
  } catch (e) {
    if (!refused(e)) throw e;
    if (items.length === 1) return [{ ok: false, status: 422, code: "Unprocessable", message: `the GenRM backend refused this item: ${(e as Error).message}` }];
    const mid = Math.ceil(items.length / 2);
    return [...(await bisect(stack, items.slice(0, mid), bothOrders, signal)), ...(await bisect(stack, items.slice(mid), bothOrders, signal))];
  }
}

export async function judgeItems(stack: ServingStack, items: JudgeItem[], options: JudgeItemsOptions = {}): Promise<ItemOutcome[]> {
  const bothOrders = options.bothOrders ?? true;
  if (items.length === 0) return [];
  try {
    try {
      return await judgeWith(stack.backend, items, bothOrders, options.signal);
    } catch (e) {
      if (!refused(e)) throw e;
      return await bisect(stack, items, bothOrders, options.signal);
    }
  } catch (e) {
    throw toServiceError(e, stack.model.version);
  }
}
