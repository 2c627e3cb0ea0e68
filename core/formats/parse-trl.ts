/**
 * TRL preference rows: `{prompt, chosen, rejected}`, in the standard (strings) or conversational
 * (message lists) form, plus TRL's implicit-prompt form (no `prompt`; `chosen`/`rejected` are full
 * conversations whose shared prefix is the prompt). chosen/rejected become responses with models
 * "chosen"/"rejected" and the preference is recorded, so a re-export yields the same pair.
 */
import { asObject, asTurns, has, nonEmptyPrompt, required, scalarMeta, withMeta } from "./fields";
import { RecordError, type ImportRecord, type Turn } from "./types";

const KNOWN = ["prompt", "chosen", "rejected", "tie"];

/** A completion: a string, or a list holding exactly one assistant message. */
function completionText(v: unknown, field: string): string {
  if (typeof v === "string") return v;
  const turns = asTurns(v, field);
  if (turns.length !== 1 || turns[0]!.role !== "assistant") {
    throw new RecordError(
      `field '${field}' must hold exactly one assistant message (got ${turns.map((t) => t.role).join(", ") || "none"})`,
    );
  }
  return turns[0]!.content;
}

function sameTurn(a: Turn, b: Turn): boolean {
  return a.role === b.role && a.content === b.content;
}

/** Implicit prompt: the longest shared prefix; each side must continue with one assistant message. */
function splitImplicit(chosen: Turn[], rejected: Turn[]): { prompt: Turn[]; chosen: string; rejected: string } {
  let n = 0;
  while (n < chosen.length && n < rejected.length && sameTurn(chosen[n]!, rejected[n]!)) n++;
  // Identical conversations: the last turn is the answer on both sides.
  if (n === chosen.length && n === rejected.length) n--;
  const restC = chosen.slice(n);
  const restR = rejected.slice(n);
  if (n === 0) throw new RecordError("missing field 'prompt' (and 'chosen'/'rejected' share no prompt turns)");
  if (restC.length !== 1 || restC[0]!.role !== "assistant" || restR.length !== 1 || restR[0]!.role !== "assistant") {
    throw new RecordError("'chosen' and 'rejected' must differ only in their final assistant message");
  }
  return { prompt: chosen.slice(0, n), chosen: restC[0]!.content, rejected: restR[0]!.content };
}

export function parseTrlRecord(value: unknown, line: number): ImportRecord {
  const o = asObject(value);
  const chosenRaw = required(o, "chosen");
  const rejectedRaw = required(o, "rejected");
  let prompt: string | Turn[];
  let chosen: string;
  let rejected: string;
  if (has(o, "prompt")) {
    prompt = typeof o.prompt === "string" ? nonEmptyPrompt(o.prompt, "prompt") : asTurns(o.prompt, "prompt");
    if (Array.isArray(prompt) && prompt.length === 0) throw new RecordError("field 'prompt' is empty");
    chosen = completionText(chosenRaw, "chosen");
    rejected = completionText(rejectedRaw, "rejected");
  } else if (Array.isArray(chosenRaw) && Array.isArray(rejectedRaw)) {
    ({ prompt, chosen, rejected } = splitImplicit(asTurns(chosenRaw, "chosen"), asTurns(rejectedRaw, "rejected")));
  } else {
    throw new RecordError("missing field 'prompt'");
  }
  return {
    format: "trl",
    prompt,
    responses: [
      { model: "chosen", text: chosen },
      { model: "rejected", text: rejected },
    ],
    preference: o.tie === true ? { chosen: 0, rejected: 1, tie: true } : { chosen: 0, rejected: 1 },
    sourceLine: line,
    ...withMeta(scalarMeta(o, KNOWN)),
  };
}
