/**
 * POST /api/v1/judge as a domain operation: an API key with the `judge` scope asks for judgements of
 * {prompt, response, reference?} items against the default (active) or a named GenRM version.
 * Signed-in users are refused (programs use keys; researchers try the API with a key from
 * /settings/api-keys and the docs page's curl example).
 * Request shape errors (wrong types, empty list) → 400 naming the field; too many items → 413; per-item
 * problems (text too long, no reference, backend refusal, a judge reply naming no verdict) → that item's
 * `error` ({status, code, message, reason?}), the others are judged. `includeReasoning: true` adds what a
 * reasoning judge wrote to each result (`reasoning: {forward: [...], swapped?: [...]}`, one text per sample).
 */
import { z } from "zod";
import { requireScope, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { getRunControl, type RunControl } from "../rl/get-run-control";
import type { ItemReasoning } from "./judge-items";
import { judgeRequestItems, replyStatus, type ItemError, type ReferenceSource } from "./judge-requests";
import { resolveServingModel } from "./resolve-model";
import { servingConfig } from "../env";
import { stackFor } from "./serving-pool";

const text = (field: string) => z.string({ error: `${field} must be a string` });

export const judgeItemInput = z.object({
  prompt: text("prompt"),
  response: text("response"),
  reference: text("reference").nullish(),
  id: z.union([z.string().max(200, "id: at most 200 characters"), z.number()], { error: "id must be a string or a number" }).optional(),
});

export const judgeInput = z.object({
  items: z.array(judgeItemInput, { error: "items must be a list of {prompt, response, reference?, id?}" }).min(1, "items must not be empty"),
  model: z.union([z.string(), z.number().int()], { error: "model must be a version number, \"v<N>\", an id or a name" }).nullish(),
  bothOrders: z.boolean({ error: "bothOrders must be true or false" }).default(true),
  includeReasoning: z.boolean({ error: "includeReasoning must be true or false" }).default(false),
  runId: z.string({ error: "runId must be a string" }).optional(),
});
export type JudgeInput = z.input<typeof judgeInput>;

export interface ModelInfo {
  id: string;
  version: number;
  name: string;
  status: string;
  templateVersion: string;
}

/** One item of the judge API's reply: its judgement, or why it could not be judged (the engine's per-item results are genrm's SingleOrderResult / DebiasedResult). */
export type JudgeReplyItem =
  | {
      id: string | number;
      verdict: "better" | "same" | "worse";
      probs: { better: number; same: number; worse: number };
      reward: number;
      /** Both orders agreed on the verdict; null when judged in one order only. */
      consistent: boolean | null;
      referenceSource: ReferenceSource;
      /** With `includeReasoning` and a reasoning judge: what it wrote, per order, one text per sample. */
      reasoning?: ItemReasoning;
    }
  | { id: string | number; error: ItemError };

export interface JudgeReply {
  model: ModelInfo;
  bothOrders: boolean;
  results: JudgeReplyItem[];
  /** How many items failed (their result carries `error`). */
  errors: number;
  control?: RunControl;
  /** Set when every item failed: the first item's message. */
  error?: string;
}

/** Refuses a batch past the item limit before validating it item by item. */
export function assertBatchSize(list: unknown, field: string): void {
  const max = servingConfig().GENRM_API_MAX_ITEMS;
  if (Array.isArray(list) && list.length > max) {
    throw new AppError("TooLarge", `${field} has ${list.length} items; the limit is ${max} per request (split the batch)`, { field });
  }
}

export async function judgeForActor(actor: Actor | null, raw: unknown): Promise<{ status: number; reply: JudgeReply }> {
  const key = requireScope(actor, "judge");
  assertBatchSize((raw as { items?: unknown } | null)?.items, "items");
  const input = judgeInput.parse(raw);
  const run = input.runId ? await getRunControl(key, input.runId, "runId") : null;
  const model = await resolveServingModel(input.model, run?.modelId);
  const stack = await stackFor(model);
  const outcomes = await judgeRequestItems(stack, input.items, { bothOrders: input.bothOrders, includeReasoning: input.includeReasoning });
  const results: JudgeReplyItem[] = outcomes.map((o, i) => {
    const id = input.items[i]!.id ?? i;
    if (!o.ok) return { id, error: { status: o.status, code: o.code, message: o.message, ...(o.reason ? { reason: o.reason } : {}) } };
    const r: JudgeReplyItem = { id, verdict: o.verdict, probs: o.probs, reward: o.reward, consistent: o.consistent, referenceSource: o.referenceSource };
    if (input.includeReasoning && o.reasoning) r.reasoning = o.reasoning;
    return r;
  });
  const failed = outcomes.filter((o) => !o.ok);
  const status = replyStatus(outcomes);
  const reply: JudgeReply = {
    model: { id: model.id, version: model.version, name: model.name, status: model.status, templateVersion: model.templateVersion },
    bothOrders: input.bothOrders,
    results,
    errors: failed.length,
  };
  if (run) reply.control = run.control;
  if (status !== 200) {
    const first = failed[0] as { message: string };
    reply.error = `no item could be judged; item 0: ${first.message}`;
  }
  return { status, reply };
}
