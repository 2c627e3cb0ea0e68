/**
 * One HTTP attempt against an OpenAI-compatible server, with the failure modes turned into typed
 * BackendErrors: our deadline → "timeout", no connection → "unreachable". A caller's own abort is
 * rethrown as its reason (the caller asked for it; it is not a backend fault).
 * Not here: retries and status-code policy (the callers decide what a status means to them).
 */
import { BackendError } from "../../types";

export type FetchLike = typeof fetch;

export interface HttpResult {
  status: number;
  text: string;
  headers: Headers;
}

export interface HttpOptions {
  apiKey?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: FetchLike;
}

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, "") + path;
}

/** Sends one request; the deadline covers connecting, waiting and reading the whole body. */
export async function httpRequest(method: "GET" | "POST", url: string, body: unknown, opts: HttpOptions): Promise<HttpResult> {
  if (opts.signal?.aborted) throw opts.signal.reason;
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, opts.timeoutMs);
  const onAbort = () => ctl.abort(opts.signal!.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    const res = await (opts.fetch ?? fetch)(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctl.signal,
    });
    const text = await res.text();
    return { status: res.status, text, headers: res.headers };
  } catch (err) {
    if (timedOut) throw new BackendError("timeout", `${method} ${url} took longer than ${opts.timeoutMs} ms`, { cause: err });
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new BackendError("unreachable", `${method} ${url} failed: ${describe(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause as { code?: string; message?: string } | undefined;
    return cause?.code ? `${err.message} (${cause.code})` : cause?.message ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

/** The server's own error text from an OpenAI-style (`{error:{message}}`) or vLLM-style (`{message}`) body. */
export function errorMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof j.message === "string") return j.message;
    if (typeof j.error === "string") return j.error;
    if (j.error && typeof (j.error as { message?: unknown }).message === "string") return (j.error as { message: string }).message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}
