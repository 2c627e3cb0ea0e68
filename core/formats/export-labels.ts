/**
 * Raw labels → JSONL for sharing or offline analysis, with annotator ids pseudonymised:
 * HMAC-SHA256(secret salt, annotator id), hex, truncated (16 hex chars = 64 bits by default). The same
 * salt gives the same pseudonym across exports (so per-annotator analysis still works); without the salt
 * nobody can test a guessed id. Only the listed fields are written — never pass-through of unknown
 * fields, which could carry names or emails. Rationales are free text an annotator may sign or fill
 * with personal details, so they are left out unless asked for.
 */
import { createHmac } from "node:crypto";

export interface RawLabelRow {
  comparisonId: string;
  annotatorId: string;
  verdict: string;
  strength: number;
  shownLeft: string;
  msSpent: number;
  createdAt: Date | string;
  rationale?: string | null;
  mode?: string;
  source?: string;
  promptKey?: string;
  responseAKey?: string;
  responseBKey?: string;
  modelA?: string;
  modelB?: string;
}

export interface LabelExportOptions {
  /** Secret salt, at least 16 bytes; keep it out of the export and out of job payloads. */
  salt: string | Uint8Array;
  /** Hex characters kept from the HMAC (8..64, default 16). */
  pseudonymLength?: number;
  includeRationale?: boolean;
}

export function pseudonymiseAnnotator(annotatorId: string, salt: string | Uint8Array, length = 16): string {
  const saltBytes = typeof salt === "string" ? Buffer.byteLength(salt, "utf8") : salt.byteLength;
  if (saltBytes < 16) throw new Error("pseudonymisation salt must be at least 16 bytes");
  if (!Number.isInteger(length) || length < 8 || length > 64) throw new Error("pseudonym length must be 8..64 hex chars");
  return createHmac("sha256", salt).update(annotatorId, "utf8").digest("hex").slice(0, length);
}

export interface ExportedLabel {
  comparison_id: string;
  annotator: string;
  verdict: string;
  strength: number;
  shown_left: string;
  ms_spent: number;
  created_at: string;
  mode?: string;
  source?: string;
  prompt_key?: string;
  response_a_key?: string;
  response_b_key?: string;
  model_a?: string;
  model_b?: string;
  rationale?: string;
}

export function exportLabelRow(l: RawLabelRow, opts: LabelExportOptions): ExportedLabel {
  const out: ExportedLabel = {
    comparison_id: l.comparisonId,
    annotator: pseudonymiseAnnotator(l.annotatorId, opts.salt, opts.pseudonymLength),
    verdict: l.verdict,
    strength: l.strength,
    shown_left: l.shownLeft,
    ms_spent: l.msSpent,
    created_at: typeof l.createdAt === "string" ? l.createdAt : l.createdAt.toISOString(),
  };
  if (l.mode !== undefined) out.mode = l.mode;
  if (l.source !== undefined) out.source = l.source;
  if (l.promptKey !== undefined) out.prompt_key = l.promptKey;
  if (l.responseAKey !== undefined) out.response_a_key = l.responseAKey;
  if (l.responseBKey !== undefined) out.response_b_key = l.responseBKey;
  if (l.modelA !== undefined) out.model_a = l.modelA;
  if (l.modelB !== undefined) out.model_b = l.modelB;
  if (opts.includeRationale && l.rationale) out.rationale = l.rationale;
  return out;
}

/** One JSON line (ending in "\n") per label. Validates the salt before the first row. */
export function* formatLabelsJsonl(labels: Iterable<RawLabelRow>, opts: LabelExportOptions): Generator<string> {
  pseudonymiseAnnotator("salt-check", opts.salt, opts.pseudonymLength);
  for (const l of labels) yield JSON.stringify(exportLabelRow(l, opts)) + "\n";
}
