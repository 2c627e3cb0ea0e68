/**
 * AlpacaEval model outputs: one JSON array per model, `[{instruction, output, generator, dataset?}]`.
 * Each element becomes one record with one response; `mergeByPrompt` joins the files by instruction.
 * An optional `input` (original Alpaca data) is appended to the instruction the way Alpaca did.
 */
import { asObject, has, nonEmptyPrompt, requiredString, scalarMeta, withMeta } from "./fields";
import { RecordError, type ImportRecord } from "./types";

export interface AlpacaParseOptions {
  /** Model name to use when an element has no `generator` (e.g. taken from the file name). */
  model?: string;
}

export function parseAlpacaEvalRecord(value: unknown, line: number, opts: AlpacaParseOptions = {}): ImportRecord {
  const o = asObject(value);
  let prompt = nonEmptyPrompt(requiredString(o, "instruction"), "instruction");
  if (typeof o.input === "string" && o.input.trim() !== "") prompt = `${prompt}\n\n${o.input}`;
  const text = requiredString(o, "output");
  let model: string;
  if (has(o, "generator")) {
    if (typeof o.generator !== "string" || o.generator.trim() === "") {
      throw new RecordError("field 'generator' must be a non-empty string");
    }
    model = o.generator;
  } else if (opts.model) {
    model = opts.model;
  } else {
    throw new RecordError("missing field 'generator'");
  }
  return {
    format: "alpaca-eval",
    prompt,
    responses: [{ model, text }],
    sourceLine: line,
    ...withMeta(scalarMeta(o, ["instruction", "input", "output", "generator"])),
  };
}
