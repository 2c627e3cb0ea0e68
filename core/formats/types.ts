/**
 * The one normalised shape every import format is parsed into, and the error shape for bad input.
 * Pure types: the parsers, key functions and exporters live in their own files next to this one.
 */

export type Role = "user" | "assistant" | "system";

export interface Turn {
  role: Role;
  content: string;
}

export interface ResponseInput {
  model: string;
  text: string;
}

/** Which format a file holds. `native` is our own `{prompt, responses, reference?}`. */
export type FormatName = "trl" | "hh-rlhf" | "alpaca-eval" | "native";
export const FORMAT_NAMES: readonly FormatName[] = ["trl", "hh-rlhf", "alpaca-eval", "native"];

/**
 * A recorded pairwise preference between two of `responses` (indices into it). Present for TRL and
 * HH-RLHF rows ("chosen" is index 0, "rejected" index 1) so a re-export gives the same pair back.
 * `tie: true` marks a row our own exporter wrote for a kept tie (see export-trl.ts).
 */
export interface RecordedPreference {
  chosen: number;
  rejected: number;
  tie?: boolean;
}

export interface ImportRecord {
  /** The format the record was read from. */
  format: FormatName;
  /** A plain instruction, or a conversation whose last turn is the user's (the answers follow it). */
  prompt: string | Turn[];
  responses: ResponseInput[];
  reference?: { model?: string; text: string };
  preference?: RecordedPreference;
  /** 1-based line where the record starts in its file (for JSON arrays: the element's first line). */
  sourceLine: number;
  /** The file (or other source) name given to the parser, if any; kept so merged records can be traced. */
  source?: string;
  /** Scalar extra fields worth keeping, e.g. AlpacaEval's `dataset`. Never large. */
  meta?: Record<string, string | number | boolean>;
}

/** One bad line or element; the rest of the file still parses. */
export interface ParseError {
  line: number;
  reason: string;
  source?: string;
}

export type ParseEvent = { ok: true; record: ImportRecord } | { ok: false; error: ParseError };

/** "line 7: invalid JSON: Unexpected token …" (prefixed with the source name when known). */
export function formatParseError(e: ParseError): string {
  return `${e.source ? `${e.source}: ` : ""}line ${e.line}: ${e.reason}`;
}

/** Thrown inside record parsers for a bad record; caught by the file parsers and turned into a ParseError. */
export class RecordError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "RecordError";
  }
}
