/**
 * File-level import parsing: JSONL (one record per line) or a JSON array file, format detected per file
 * from its first recognisable record (or given). Yields records and line-numbered errors as they come,
 * so a caller can stream a large upload into batched inserts and still show every bad line.
 */
import { detectFormat, parseRecord, type RecordParseOptions } from "./detect-format";
import { iterateJsonArray, shortMessage } from "./json-array-stream";
import { iterateLines, textChunks, type TextSource } from "./text-source";
import { FORMAT_NAMES, RecordError, type FormatName, type ImportRecord, type ParseError, type ParseEvent } from "./types";

export interface ParseOptions extends RecordParseOptions {
  /** "auto" (default): the first record that looks like a known format fixes the file's format. */
  format?: FormatName | "auto";
  /** A name for the input (file name) copied onto records and errors. */
  source?: string;
  /** Lines (JSONL) or elements (JSON array) longer than this are reported as errors, not buffered. */
  maxLineChars?: number;
}

/** Decides the format, then parses each value; shared by the JSONL and JSON-array parsers. */
class RecordReader {
  format: FormatName | null;
  constructor(private readonly opts: ParseOptions) {
    const f = opts.format ?? "auto";
    if (f !== "auto" && !FORMAT_NAMES.includes(f)) throw new Error(`unknown import format '${String(f)}'`);
    this.format = f === "auto" ? null : f;
  }

  read(value: unknown, line: number): ParseEvent {
    const detected = detectFormat(value);
    if (this.format === null) {
      if (detected === null) return this.error(line, unrecognised(value));
      this.format = detected;
    } else if (this.opts.format === "auto" || this.opts.format === undefined) {
      if (detected !== null && detected !== this.format) {
        return this.error(line, `record looks like ${detected}, but this file was detected as ${this.format}`);
      }
    }
    try {
      const record: ImportRecord = parseRecord(value, this.format, line, this.opts);
      if (this.opts.source !== undefined) record.source = this.opts.source;
      return { ok: true, record };
    } catch (e) {
      if (e instanceof RecordError) return this.error(line, e.reason);
      throw e;
    }
  }

  error(line: number, reason: string): ParseEvent {
    const error: ParseError = { line, reason };
    if (this.opts.source !== undefined) error.source = this.opts.source;
    return { ok: false, error };
  }
}

function unrecognised(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}`;
  }
  const keys = Object.keys(value).slice(0, 8).join(", ");
  return `unrecognised record (fields: ${keys || "none"}); expected TRL {prompt, chosen, rejected}, HH-RLHF {chosen, rejected}, AlpacaEval {instruction, output, generator} or {prompt, responses}`;
}

/** JSONL: one JSON object per line; blank lines are skipped (but counted). */
export async function* parseJsonl(input: TextSource, opts: ParseOptions = {}): AsyncGenerator<ParseEvent> {
  const reader = new RecordReader(opts);
  for await (const { line, text, tooLong } of iterateLines(input, { maxLineChars: opts.maxLineChars })) {
    if (tooLong) {
      yield reader.error(line, "line too long");
      continue;
    }
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield reader.error(line, `invalid JSON: ${shortMessage(e)}`);
      continue;
    }
    yield reader.read(value, line);
  }
}

/** A JSON array file `[ {...}, {...} ]`, streamed element by element; lines are where elements start. */
export async function* parseJsonArray(input: TextSource, opts: ParseOptions = {}): AsyncGenerator<ParseEvent> {
  const reader = new RecordReader(opts);
  for await (const el of iterateJsonArray(input, { maxElementChars: opts.maxLineChars })) {
    if ("error" in el) yield reader.error(el.line, el.error);
    else yield reader.read(el.value, el.line);
  }
}

/** Sniffs the input: a first non-blank "[" means a JSON array file, anything else JSONL. */
export async function* parseImport(input: TextSource, opts: ParseOptions = {}): AsyncGenerator<ParseEvent> {
  const chunks = textChunks(input);
  const seen: string[] = [];
  let isArray = false;
  // Read by hand: breaking out of a for-await would close `chunks` before the replay.
  for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
    seen.push(r.value);
    const m = /\S/.exec(r.value);
    if (m) {
      isArray = r.value[m.index] === "[";
      break;
    }
  }
  async function* replay(): AsyncGenerator<string> {
    yield* seen;
    yield* chunks;
  }
  yield* isArray ? parseJsonArray(replay(), opts) : parseJsonl(replay(), opts);
}

export interface ParsedImport {
  format: FormatName | null;
  records: ImportRecord[];
  errors: ParseError[];
}

/** Collects everything (small inputs and tests); big uploads should consume `parseImport` directly. */
export async function collectImport(input: TextSource, opts: ParseOptions = {}): Promise<ParsedImport> {
  const out: ParsedImport = { format: null, records: [], errors: [] };
  for await (const ev of parseImport(input, opts)) {
    if (ev.ok) {
      out.records.push(ev.record);
      out.format ??= ev.record.format;
    } else out.errors.push(ev.error);
  }
  return out;
}
