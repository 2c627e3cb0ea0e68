/**
 * Training-set export: label records → prompt/completion rows (TRL's format) rendered by the same
 * `renderJudgePrompt` the backends serve with, plus a deterministic held-out split by prompt id.
 * Inputs are plain objects (the app maps its database rows onto them); everything streams through
 * generators so an export never holds the whole label set in memory.
 * Not here: reading the database, writing files, consensus/trust computation (weights arrive computed).
 */
import { createHash } from "node:crypto";
import { renderJudgePrompt, VERDICT_COMPLETION, type RenderOptions } from "./template";
import { VERDICTS, type Verdict } from "./types";
import { mirrorVerdict, pairwiseToVerdict, type PairwiseMappingOptions, type PairwiseWinner } from "./verdicts";

/** A human verdict on `candidate` judged against `reference`. */
export interface VsReferenceLabel {
  promptId: string;
  prompt: string;
  reference: string;
  candidate: string;
  verdict: Verdict;
  /** Gold/trust weight; default 1. */
  weight?: number;
}

/** A human A-vs-B preference. `strength` in [0, 1] (default 1). */
export interface PairwiseLabel {
  promptId: string;
  prompt: string;
  a: string;
  b: string;
  winner: PairwiseWinner;
  strength?: number;
  /** Gold/trust weight; default 1. Each of the two rows carries it in full. */
  weight?: number;
}

export type LabelRecord = VsReferenceLabel | PairwiseLabel;

/** One JSONL line for the trainer. `group` is the prompt id: the trainer splits by it, never by row. */
export interface TrainingRow {
  prompt: string;
  completion: string;
  weight: number;
  group: string;
}

export interface ExportOptions extends RenderOptions, PairwiseMappingOptions {}

export function isPairwiseLabel(rec: LabelRecord): rec is PairwiseLabel {
  return "winner" in rec;
}

function checkWeight(w: number | undefined, promptId: string): number {
  const weight = w ?? 1;
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
    throw new RangeError(`label for prompt ${promptId}: weight must be a finite number >= 0, got ${String(w)}`);
  }
  return weight;
}

function row(prompt: string, reference: string, candidate: string, verdict: Verdict, weight: number, group: string, opts: RenderOptions): TrainingRow {
  if (!VERDICTS.includes(verdict)) throw new RangeError(`label for prompt ${group}: unknown verdict ${String(verdict)}`);
  return {
    prompt: renderJudgePrompt({ prompt, reference, candidate }, { maxBytes: opts.maxBytes }),
    completion: VERDICT_COMPLETION[verdict],
    weight,
    group,
  };
}

/**
 * The rows one label yields: a vs-reference label → one row; a pairwise label → two rows, one per order
 * (a as candidate vs b as reference, then swapped with the verdict mirrored), ties → "same".
 */
export function labelToRows(rec: LabelRecord, options: ExportOptions = {}): TrainingRow[] {
  const weight = checkWeight(rec.weight, rec.promptId);
  if (isPairwiseLabel(rec)) {
    const v = pairwiseToVerdict(rec.winner, rec.strength, "a", options);
    return [
      row(rec.prompt, rec.b, rec.a, v, weight, rec.promptId, options),
      row(rec.prompt, rec.a, rec.b, mirrorVerdict(v), weight, rec.promptId, options),
    ];
  }
  return [row(rec.prompt, rec.reference, rec.candidate, rec.verdict, weight, rec.promptId, options)];
}

export function* exportTrainingRows(records: Iterable<LabelRecord>, options: ExportOptions = {}): Generator<TrainingRow> {
  for (const rec of records) yield* labelToRows(rec, options);
}

export async function* exportTrainingRowsAsync(
  records: AsyncIterable<LabelRecord> | Iterable<LabelRecord>,
  options: ExportOptions = {},
): AsyncGenerator<TrainingRow> {
  for await (const rec of records) yield* labelToRows(rec, options);
}

/** One JSONL line (with its newline). */
export function toJsonlLine(row: TrainingRow): string {
  return JSON.stringify({ prompt: row.prompt, completion: row.completion, weight: row.weight, group: row.group }) + "\n";
}

/**
 * Whether a prompt id belongs to the held-out split: sha256(seed, id) read as a number in [0, 1)
 * below `heldoutFraction`. Depends on the id alone, so a prompt's rows always land together and the
 * assignment is stable as labels are added.
 */
export function isHeldout(group: string, heldoutFraction: number, seed: string | number): boolean {
  if (!(heldoutFraction >= 0 && heldoutFraction <= 1)) throw new RangeError("heldoutFraction must be in [0, 1]");
  const h = createHash("sha256").update(JSON.stringify([String(seed), group])).digest();
  return h.readUInt32BE(0) / 2 ** 32 < heldoutFraction;
}

/** Splits rows by their `group` (prompt id), never by row. Order within each split is preserved. */
export function splitByPrompt<T extends { group: string }>(
  rows: Iterable<T>,
  heldoutFraction: number,
  seed: string | number,
): { train: T[]; heldout: T[] } {
  const train: T[] = [];
  const heldout: T[] = [];
  const memo = new Map<string, boolean>();
  for (const r of rows) {
    let h = memo.get(r.group);
    if (h === undefined) memo.set(r.group, (h = isHeldout(r.group, heldoutFraction, seed)));
    (h ? heldout : train).push(r);
  }
  return { train, heldout };
}
