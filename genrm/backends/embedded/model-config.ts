/**
 * Reads and checks `config.json` written by genrm/trainer/export_onnx.py next to `model.onnx`.
 * This is the embedded backend's half of that contract: the ids, the context and the ONNX names.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BackendError, VERDICTS, type Verdict } from "../../types";

export const SUPPORTED_FORMAT = "genrm-tiny-onnx/1";

export interface TinyModelConfig {
  format: string;
  kind: "tiny";
  template_version: string;
  context_length: number;
  /** Render prompts with renderJudgePrompt(item, { maxBytes: max_prompt_bytes }). */
  max_prompt_bytes: number;
  vocab_size: number;
  /** Bytes dropped from the start of every prompt before tokenising ("" = none). */
  strip_prefix: string;
  special_tokens: { pad: number; bos: number } & Record<string, number>;
  verdict_token_ids: Record<Verdict, number>;
  onnx: { file: string; opset: number; inputs: string[]; outputs: string[] };
  metrics?: Record<string, unknown>;
  [key: string]: unknown;
}

function fail(file: string, why: string): never {
  throw new BackendError("invalid_input", `${file}: ${why}`);
}

const isInt = (x: unknown): x is number => Number.isInteger(x);

export function parseModelConfig(raw: unknown, file = "config.json"): TinyModelConfig {
  if (typeof raw !== "object" || raw === null) fail(file, "not a JSON object");
  const c = raw as Record<string, unknown>;
  if (c.format !== SUPPORTED_FORMAT) fail(file, `format ${JSON.stringify(c.format)} is not ${SUPPORTED_FORMAT} (retrain or upgrade)`);
  if (c.kind !== "tiny") fail(file, `kind ${JSON.stringify(c.kind)}: the embedded backend runs tiny models only`);
  if (typeof c.template_version !== "string") fail(file, "template_version missing");
  if (!isInt(c.context_length) || c.context_length < 2) fail(file, "context_length missing");
  if (!isInt(c.max_prompt_bytes) || c.max_prompt_bytes >= c.context_length) fail(file, "max_prompt_bytes must be < context_length");
  if (c.strip_prefix === undefined) c.strip_prefix = "";
  if (typeof c.strip_prefix !== "string") fail(file, "strip_prefix must be a string");
  const st = c.special_tokens as Record<string, unknown> | undefined;
  if (!st || !isInt(st.pad) || !isInt(st.bos)) fail(file, "special_tokens.pad/bos missing");
  const vt = c.verdict_token_ids as Record<string, unknown> | undefined;
  if (!vt || !VERDICTS.every((v) => isInt(vt[v]))) fail(file, "verdict_token_ids must name better, same and worse");
  const onnx = c.onnx as Record<string, unknown> | undefined;
  if (!onnx || typeof onnx.file !== "string") fail(file, "onnx.file missing (was the model exported with export_onnx=false?)");
  return c as unknown as TinyModelConfig;
}

export async function readModelConfig(dir: string): Promise<TinyModelConfig> {
  const file = path.join(dir, "config.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new BackendError("invalid_input", `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BackendError("invalid_input", `${file} is not JSON`, { cause: e });
  }
  return parseModelConfig(raw, file);
}
