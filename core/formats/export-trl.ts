/**
 * Pairwise consensus → TRL preference JSONL `{prompt, chosen, rejected}` (DPO / reward-model training).
 * A string prompt gives TRL's standard form (strings); a conversation gives the conversational form
 * (prompt = message list, chosen/rejected = one assistant message each). Lines end with "\n", so the
 * generator can be piped straight into a file or an HTTP response (`Readable.from(...)`).
 *
 * Ties: TRL's preference format has no tie. `ties: "exclude"` (default) drops them. `ties: "both-orders"`
 * keeps each tie as TWO rows, (A over B) and (B over A), both marked `"tie": true`: in a Bradley-Terry /
 * DPO loss the two rows pull the pair's margin toward zero rather than toward either answer, and a
 * consumer that wants no ties can filter on `tie`. Our parser reads `tie` back into `preference.tie`.
 */
import type { ResponseInput, Turn } from "./types";

export interface ConsensusPair {
  /** e.g. the comparison id; written as `id` when present. */
  id?: string;
  prompt: string | Turn[];
  a: ResponseInput;
  b: ResponseInput;
  verdict: "a" | "b" | "tie";
}

export interface TrlExportOptions {
  ties?: "exclude" | "both-orders";
  /** Also write `chosen_model` / `rejected_model` (extra columns TRL ignores). Default false. */
  includeModels?: boolean;
}

export interface TrlRow {
  id?: string;
  prompt: string | Turn[];
  chosen: string | Turn[];
  rejected: string | Turn[];
  tie?: true;
  chosen_model?: string;
  rejected_model?: string;
}

function row(pair: ConsensusPair, win: ResponseInput, lose: ResponseInput, tie: boolean, opts: TrlExportOptions): TrlRow {
  const conversational = Array.isArray(pair.prompt);
  const completion = (text: string): string | Turn[] =>
    conversational ? [{ role: "assistant", content: text }] : text;
  // `id` first when present, so exported files read naturally.
  const r: TrlRow = {
    ...(pair.id !== undefined ? { id: pair.id } : {}),
    prompt: pair.prompt,
    chosen: completion(win.text),
    rejected: completion(lose.text),
  };
  if (tie) r.tie = true;
  if (opts.includeModels) {
    r.chosen_model = win.model;
    r.rejected_model = lose.model;
  }
  return r;
}

/** The rows one consensus pair produces: 1 for a winner, 0 or 2 for a tie (see `ties`). */
export function trlRows(pair: ConsensusPair, opts: TrlExportOptions = {}): TrlRow[] {
  if (pair.verdict === "a") return [row(pair, pair.a, pair.b, false, opts)];
  if (pair.verdict === "b") return [row(pair, pair.b, pair.a, false, opts)];
  if ((opts.ties ?? "exclude") === "exclude") return [];
  return [row(pair, pair.a, pair.b, true, opts), row(pair, pair.b, pair.a, true, opts)];
}

export function* formatTrlPreferenceJsonl(
  pairs: Iterable<ConsensusPair>,
  opts: TrlExportOptions = {},
): Generator<string> {
  for (const pair of pairs) for (const r of trlRows(pair, opts)) yield JSON.stringify(r) + "\n";
}
