/**
 * Joins records that share a prompt (by content key) into one prompt with all its answers — e.g. the
 * eight AlpacaEval files, one per model, into 805 prompts × 8 answers. Keys are attached here so the
 * importer can upsert idempotently. Recorded pairwise preferences are not carried over (their indices
 * refer to a single row); import preference rows unmerged when the preference itself matters.
 */
import { promptKey, responseKey } from "./content-key";
import type { ImportRecord, ResponseInput, Turn } from "./types";

export interface KeyedResponse extends ResponseInput {
  key: string;
}

export interface MergedPrompt {
  key: string;
  prompt: string | Turn[];
  responses: KeyedResponse[];
  reference?: { model?: string; text: string };
  /** Where each contributing record came from, in input order. */
  sources: { source?: string; line: number }[];
  /** Metadata of the first record (e.g. AlpacaEval's `dataset`). */
  meta?: Record<string, string | number | boolean>;
}

export interface MergeConflict {
  promptKey: string;
  model: string;
  /** How many different texts this model has for this prompt (all are kept). */
  texts: number;
}

export interface MergeResult {
  prompts: MergedPrompt[];
  /** Identical (prompt, model, text) answers seen more than once and dropped. */
  duplicatesDropped: number;
  /** A model with several different answers to one prompt: usually two files for the same model. */
  conflicts: MergeConflict[];
}

export interface MergeOptions {
  /** Answers by this model become the prompt's `reference` instead of a response (e.g. AlpacaEval's baseline). */
  referenceModel?: string;
}

export function mergeByPrompt(records: Iterable<ImportRecord>, opts: MergeOptions = {}): MergeResult {
  const byKey = new Map<string, MergedPrompt & { seen: Set<string> }>();
  let duplicatesDropped = 0;
  for (const r of records) {
    const key = promptKey(r.prompt);
    let m = byKey.get(key);
    if (!m) {
      m = { key, prompt: r.prompt, responses: [], sources: [], seen: new Set() };
      if (r.meta) m.meta = r.meta;
      byKey.set(key, m);
    }
    m.sources.push(r.source !== undefined ? { source: r.source, line: r.sourceLine } : { line: r.sourceLine });
    if (r.reference && !m.reference) m.reference = r.reference;
    for (const resp of r.responses) {
      if (opts.referenceModel !== undefined && resp.model === opts.referenceModel) {
        m.reference ??= { model: resp.model, text: resp.text };
        continue;
      }
      const rk = responseKey(key, resp.model, resp.text);
      if (m.seen.has(rk)) {
        duplicatesDropped++;
        continue;
      }
      m.seen.add(rk);
      m.responses.push({ model: resp.model, text: resp.text, key: rk });
    }
  }
  const prompts: MergedPrompt[] = [];
  const conflicts: MergeConflict[] = [];
  for (const { seen: _seen, ...m } of byKey.values()) {
    prompts.push(m);
    const perModel = new Map<string, number>();
    for (const r of m.responses) perModel.set(r.model, (perModel.get(r.model) ?? 0) + 1);
    for (const [model, texts] of perModel) if (texts > 1) conflicts.push({ promptKey: m.key, model, texts });
  }
  return { prompts, duplicatesDropped, conflicts };
}
