/** Guesses a record's format from its fields; the file parsers call it on the first record of a file. */
import { parseAlpacaEvalRecord, type AlpacaParseOptions } from "./parse-alpaca-eval";
import { parseHhRlhfRecord } from "./parse-hh-rlhf";
import { parseNativeRecord } from "./parse-native";
import { parseTrlRecord } from "./parse-trl";
import type { FormatName, ImportRecord } from "./types";

const HH_TAG = /(?:^|\n\n)Human:/;

export function detectFormat(value: unknown): FormatName | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if ("responses" in o) return "native";
  if ("instruction" in o && ("output" in o || "generator" in o)) return "alpaca-eval";
  if ("chosen" in o || "rejected" in o) {
    if ("prompt" in o) return "trl";
    const c = o.chosen ?? o.rejected;
    if (typeof c === "string" && HH_TAG.test(c)) return "hh-rlhf";
    return "trl";
  }
  return null;
}

export type RecordParseOptions = AlpacaParseOptions;

/** Parses one decoded JSON value as `format`; throws RecordError with a user-facing reason. */
export function parseRecord(
  value: unknown,
  format: FormatName,
  line: number,
  opts: RecordParseOptions = {},
): ImportRecord {
  switch (format) {
    case "trl":
      return parseTrlRecord(value, line);
    case "hh-rlhf":
      return parseHhRlhfRecord(value, line);
    case "alpaca-eval":
      return parseAlpacaEvalRecord(value, line, opts);
    case "native":
      return parseNativeRecord(value, line);
  }
}
