/**
 * vLLM LoRA adapter management, so a freshly trained GenRM adapter can be served without a restart.
 * The server must run with `--enable-lora` (plus `--max-lora-rank` ≥ the adapter's rank) and the
 * environment variable `VLLM_ALLOW_RUNTIME_LORA_UPDATING=True`; otherwise these routes do not exist (404).
 * After loading, judge with `new OpenAICompatibleBackend({ baseUrl, model: loraName, modelId: versionId })`.
 * Not here: copying the adapter to the server's disk — `lora_path` is a path the server itself can read.
 */
import { BackendError } from "../../types";
import { errorMessage, httpRequest, joinUrl, type FetchLike } from "./http";

export interface AdminOptions {
  apiKey?: string;
  /** Default 120 000 ms: loading reads the adapter weights. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: FetchLike;
}

function fail(status: number, text: string, what: string): never {
  const msg = `${what} answered ${status}: ${errorMessage(text)}`;
  if (status === 404) {
    throw new BackendError("bad_response", `${msg} (is vLLM running with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True?)`);
  }
  throw new BackendError(status >= 500 ? "unreachable" : status === 400 ? "invalid_input" : "bad_response", msg);
}

/**
 * `POST {baseUrl}/v1/load_lora_adapter {"lora_name", "lora_path"}`. Idempotent: an adapter already
 * loaded under that name counts as success (`alreadyLoaded: true`) — vLLM keeps the first weights, so to
 * replace weights under the same name call `unloadLoraAdapter` first (or, better, use a new name per version).
 */
export async function loadLoraAdapter(baseUrl: string, name: string, path: string, options: AdminOptions = {}): Promise<{ alreadyLoaded: boolean }> {
  const url = joinUrl(baseUrl, "/v1/load_lora_adapter");
  const { status, text } = await httpRequest("POST", url, { lora_name: name, lora_path: path }, { timeoutMs: 120_000, ...options });
  if (status >= 200 && status < 300) return { alreadyLoaded: false };
  if (status === 400 && /already been loaded/i.test(text)) return { alreadyLoaded: true };
  fail(status, text, url);
}

/** `POST {baseUrl}/v1/unload_lora_adapter {"lora_name"}`. */
export async function unloadLoraAdapter(baseUrl: string, name: string, options: AdminOptions = {}): Promise<void> {
  const url = joinUrl(baseUrl, "/v1/unload_lora_adapter");
  const { status, text } = await httpRequest("POST", url, { lora_name: name }, { timeoutMs: 30_000, ...options });
  if (status >= 200 && status < 300) return;
  fail(status, text, url);
}

/** Model names served (`GET {baseUrl}/v1/models`): the base model and every loaded LoRA adapter. Doubles as a health check. */
export async function listModels(baseUrl: string, options: AdminOptions = {}): Promise<string[]> {
  const url = joinUrl(baseUrl, "/v1/models");
  const { status, text } = await httpRequest("GET", url, undefined, { timeoutMs: 10_000, ...options });
  if (status < 200 || status >= 300) fail(status, text, url);
  try {
    const body = JSON.parse(text) as { data?: Array<{ id?: unknown }> };
    if (!Array.isArray(body.data)) throw new Error("no data array");
    return body.data.map((m) => String(m.id));
  } catch (err) {
    throw new BackendError("bad_response", `${url}: unexpected body ${text.slice(0, 80)}`, { cause: err });
  }
}
