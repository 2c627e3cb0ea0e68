/**
 * The part shared by every judge entrypoint (/api/v1/judge, the OpenRLHF drop-in, other operations):
 * per-item checks (text size), reference resolution for items that bring none, judging, and one result
 * per item in input order. Per-item problems become per-item errors; only what concerns every item
 * (model or backend unavailable, Redis down) fails the call.
 */
import type { ItemErrorCode, JudgeItem } from "../../genrm/types";
import type { ErrorCode } from "../errors";
import { plainPrompt } from "./chat-template";
import { judgeItems, type ItemOutcome } from "./judge-items";
import { resolveReferences } from "./resolve-references";
import type { ServingStack } from "./serving-pool";
import { servingConfig } from "../env";

export interface RequestItem {
  prompt: string;
  response: string;
  /** Absent/null: the prompt's current reference (tournament, import or override). */
  reference?: string | null;
}

export interface ItemError {
  status: number;
  code: ErrorCode;
  message: string;
  /** Set when the judge answered this item unusably: "unparseable_verdict". */
  reason?: ItemErrorCode;
}

export type ReferenceSource = "request" | "imported" | "tournament" | "override";

export type RequestOutcome = (ItemOutcome & { ok: true; referenceSource: ReferenceSource }) | (ItemOutcome & { ok: false });

export const tooLarge = (field: string, n: number, max: number): ItemError => ({
  status: 413,
  code: "TooLarge",
  message: `${field} is ${n.toLocaleString("en")} characters; the limit is ${max.toLocaleString("en")}`,
});

export const NO_REFERENCE_MESSAGE =
  "no reference answer for this prompt: send `reference` with the item, or select one for the prompt (import it with references, or run a tournament)";

/** `preErrors[i]` set → that item already failed (e.g. a drop-in could not split its query). */
export async function judgeRequestItems(
  stack: ServingStack,
  items: ReadonlyArray<RequestItem | null>,
  options: { bothOrders: boolean; includeReasoning?: boolean; preErrors?: ReadonlyArray<ItemError | null> },
): Promise<RequestOutcome[]> {
  const max = servingConfig().GENRM_API_MAX_TEXT_CHARS;
  const errors: Array<ItemError | null> = items.map((item, i) => {
    const pre = options.preErrors?.[i];
    if (pre) return pre;
    if (!item) return { status: 422, code: "Unprocessable", message: "no item" };
    for (const field of ["prompt", "response", "reference"] as const) {
      const v = item[field];
      if (typeof v === "string" && v.length > max) return tooLarge(field, v.length, max);
    }
    return null;
  });

  const needRef = items.filter((it, i): it is RequestItem => !errors[i] && !!it && (it.reference === undefined || it.reference === null));
  const refs = needRef.length ? await resolveReferences(needRef.map((it) => it.prompt)) : new Map();

  const judgeable: JudgeItem[] = [];
  const sources: ReferenceSource[] = [];
  const slot: number[] = items.map(() => -1);
  items.forEach((item, i) => {
    if (errors[i] || !item) return;
    let reference: string;
    let source: ReferenceSource = "request";
    if (typeof item.reference === "string") reference = item.reference;
    else {
      const found = refs.get(item.prompt);
      if (!found) {
        errors[i] = { status: 422, code: "Unprocessable", message: NO_REFERENCE_MESSAGE };
        return;
      }
      reference = found.text;
      source = found.source as ReferenceSource;
    }
    slot[i] = judgeable.length;
    judgeable.push({ prompt: plainPrompt(item.prompt), candidate: item.response, reference });
    sources.push(source);
  });

  const outcomes = await judgeItems(stack, judgeable, { bothOrders: options.bothOrders, includeReasoning: options.includeReasoning });
  return items.map((_, i) => {
    const e = errors[i];
    if (e) return { ok: false, ...e };
    const o = outcomes[slot[i]!]!;
    return o.ok ? { ...o, referenceSource: sources[slot[i]!]! } : o;
  });
}

/** The HTTP status of a /api/v1/judge reply: 200 when any item was judged; otherwise the items' common status (or 422). */
export function replyStatus(outcomes: ReadonlyArray<{ ok: boolean; status?: number }>): number {
  if (outcomes.length === 0 || outcomes.some((o) => o.ok)) return 200;
  const statuses = new Set(outcomes.map((o) => o.status ?? 422));
  return statuses.size === 1 ? [...statuses][0]! : 422;
}
