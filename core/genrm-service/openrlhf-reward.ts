/**
 * The OpenRLHF remote reward model protocol (`--remote_rm_url`, newer `--reward.remote_url`), as its
 * client (openrlhf/utils/remote_rm_utils.py) speaks it:
 *   request  {"query": [prompt+response…], "prompts": [prompt…], "labels": [label…], "metas"?: […]}
 *   reply    {"rewards": [float…], "scores": [float…], "extra_logs": {name: [float…]}}
 * OpenRLHF concatenates `rewards`/`scores`/each `extra_logs` list over its servers with torch, so every
 * list has exactly one number per query and `extra_logs` always has the same keys.
 *   response  = query minus its prompt prefix (found inside the query when padding precedes it), minus
 *               trailing EOS/padding markers;
 *   reference = the item's label when it is a non-empty string (`?labels=ignore` turns that off), else
 *               the prompt's current reference (looked up by the prompt, or by its last user turn when
 *               chat-templated);
 *   rewards   = p(better) − p(worse) ∈ [−1, 1]; scores = (reward + 1) / 2 ∈ [0, 1].
 * A bad INPUT item (its query does not contain its prompt, a text too long, no reference) never poisons
 * the batch: it gets reward 0 (score 0.5) and extra_logs.genrm_error = 1, and its reason is listed in
 * `errors` (ignored by OpenRLHF, kept in our logs). Only when NO item can be judged is the reply an error
 * status (OpenRLHF then retries and stops loudly — a misconfiguration).
 * An item the JUDGE answered unusably (a reasoning judge's reply with no verdict line, in either order)
 * has no reward to give, and a 0 would be indistinguishable from a real tie: the whole reply is then
 * 502 naming those queries (`error`, `errors`). OpenRLHF's client retries a non-2xx reply (5 times) —
 * a sampling judge usually answers properly on a retry — and then raises, so the failure is seen.
 * An empty `query` list is answered with empty lists (200): OpenRLHF sends one when it has more reward
 * servers than samples.
 */
import { z } from "zod";
import { requireScope, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { stripEndMarkers } from "./chat-template";
import { getRunControl, type RunControl } from "../rl/get-run-control";
import { assertBatchSize, type ModelInfo } from "./judge-for-actor";
import { judgeRequestItems, replyStatus, tooLarge, type ItemError, type RequestItem } from "./judge-requests";
import { servingConfig } from "../env";
import { resolveServingModel } from "./resolve-model";
import { stackFor } from "./serving-pool";

const strings = (field: string) => z.array(z.string({ error: `${field} must contain only strings` }), { error: `${field} must be a list of strings` });

export const openrlhfInput = z.object({
  query: strings("query"),
  prompts: strings("prompts").optional(),
  labels: z.array(z.union([z.string(), z.number(), z.null()]), { error: "labels must be a list" }).optional(),
  metas: z.unknown().optional(),
});

export const openrlhfOptions = z.object({
  model: z.string().optional(),
  bothOrders: z.enum(["1", "0", "true", "false"], { error: "bothOrders must be 1, 0, true or false" }).optional(),
  labels: z.enum(["reference", "ignore"], { error: "labels must be 'reference' or 'ignore'" }).optional(),
  runId: z.string().optional(),
});

export interface OpenRlhfReply {
  rewards: number[];
  scores: number[];
  extra_logs: Record<string, number[]>;
  model?: ModelInfo;
  errors: Array<{ index: number } & ItemError>;
  control?: RunControl;
  error?: string;
}

/** Splits one query into its response, or says why it cannot. */
export function responseOf(query: string, prompt: string): { response: string } | { error: ItemError } {
  let at = query.startsWith(prompt) ? 0 : query.indexOf(prompt);
  if (at < 0) {
    return { error: { status: 422, code: "Unprocessable", message: "the query does not contain its prompt, so the response cannot be separated from it" } };
  }
  at += prompt.length;
  return { response: stripEndMarkers(query.slice(at)) };
}

function sizeError(prompt: string, query: string, max: number): ItemError | null {
  if (prompt.length > max) return tooLarge("prompt", prompt.length, max);
  if (query.length > 2 * max) return tooLarge("query", query.length, 2 * max);
  return null;
}

export async function openrlhfReward(actor: Actor | null, raw: unknown, rawOptions: Record<string, string>): Promise<{ status: number; reply: OpenRlhfReply }> {
  const key = requireScope(actor, "judge");
  assertBatchSize((raw as { query?: unknown } | null)?.query, "query");
  const input = openrlhfInput.parse(raw);
  const opts = openrlhfOptions.parse(rawOptions);
  const n = input.query.length;
  if (!input.prompts) throw new AppError("Invalid", "prompts is required: the response is the query minus its prompt (OpenRLHF sends `prompts` since 0.6)", { field: "prompts" });
  if (input.prompts.length !== n) throw new AppError("Invalid", `prompts has ${input.prompts.length} items but query has ${n}; they must match one to one`, { field: "prompts" });
  if (input.labels && input.labels.length !== n) throw new AppError("Invalid", `labels has ${input.labels.length} items but query has ${n}; they must match one to one`, { field: "labels" });
  const bothOrders = opts.bothOrders === undefined ? true : opts.bothOrders === "1" || opts.bothOrders === "true";

  const run = opts.runId ? await getRunControl(key, opts.runId, "runId") : null;
  const empty: OpenRlhfReply = { rewards: [], scores: [], extra_logs: logsOf([], bothOrders), errors: [] };
  if (n === 0) return { status: 200, reply: run ? { ...empty, control: run.control } : empty };

  const model = await resolveServingModel(opts.model, run?.modelId);
  const stack = await stackFor(model);
  const preErrors: Array<ItemError | null> = [];
  const max = servingConfig().GENRM_API_MAX_TEXT_CHARS;
  const items: Array<RequestItem | null> = input.query.map((q, i) => {
    // Sizes first, before any scan of the text: a query holds its prompt and its response.
    const oversize = sizeError(input.prompts![i]!, q, max);
    if (oversize) {
      preErrors[i] = oversize;
      return null;
    }
    const split = responseOf(q, input.prompts![i]!);
    if ("error" in split) {
      preErrors[i] = split.error;
      return null;
    }
    preErrors[i] = null;
    const label = input.labels?.[i];
    const reference = opts.labels !== "ignore" && typeof label === "string" && label.trim() !== "" ? label : null;
    return { prompt: input.prompts![i]!, response: split.response, reference };
  });
  const outcomes = await judgeRequestItems(stack, items, { bothOrders, preErrors });

  const unreadable = outcomes.flatMap((o, index) => (!o.ok && o.reason === "unparseable_verdict" ? [index] : []));
  const rewards = outcomes.map((o) => (o.ok ? o.reward : 0));
  const reply: OpenRlhfReply = {
    rewards,
    scores: rewards.map((r) => (r + 1) / 2),
    extra_logs: logsOf(outcomes, bothOrders),
    model: { id: model.id, version: model.version, name: model.name, status: model.status, templateVersion: model.templateVersion },
    errors: outcomes.flatMap((o, index) => (o.ok ? [] : [{ index, status: o.status, code: o.code, message: o.message, ...(o.reason ? { reason: o.reason } : {}) }])),
  };
  if (run) reply.control = run.control;
  if (unreadable.length > 0) {
    const first = reply.errors.find((e) => e.index === unreadable[0])!;
    reply.error =
      `the GenRM's reply for ${unreadable.length === 1 ? "query" : "queries"} ${unreadable.slice(0, 20).join(", ")}${unreadable.length > 20 ? ", …" : ""} ` +
      `could not be read (no reward to give; retrying samples the judge again): ${first.message}`;
    return { status: 502, reply };
  }
  const status = replyStatus(outcomes);
  if (status !== 200) reply.error = `no query could be judged; query 0: ${reply.errors[0]!.message}`;
  return { status, reply };
}

type Outcome = Awaited<ReturnType<typeof judgeRequestItems>>[number];

/** Per-sample numbers OpenRLHF logs (it averages each list); the same keys whatever happened. */
function logsOf(outcomes: Outcome[], bothOrders: boolean): Record<string, number[]> {
  const logs: Record<string, number[]> = {
    genrm_p_better: outcomes.map((o) => (o.ok ? o.probs.better : 0)),
    genrm_p_same: outcomes.map((o) => (o.ok ? o.probs.same : 0)),
    genrm_p_worse: outcomes.map((o) => (o.ok ? o.probs.worse : 0)),
    genrm_error: outcomes.map((o) => (o.ok ? 0 : 1)),
  };
  if (bothOrders) logs.genrm_consistent = outcomes.map((o) => (o.ok && o.consistent ? 1 : 0));
  return logs;
}
