/**
 * The checks a served judge must pass before it is registered: every base URL answers `GET /v1/models`
 * and lists the model; the configured protocol works there (`/v1/completions` or `/v1/chat/completions`)
 * and, in logprobs mode, returns top logprobs (how many the server allows is measured); then a few
 * judgements through the real judging path (an injected `judge`, i.e. the backend the version will be
 * served by), timed. Every failure is a `ProbeProblem` naming the field to fix, in words a researcher
 * can act on. Pure: no database, no app imports; the caller decides what a failed probe means.
 * Not here: storing anything, or the backend's own request building (openai-backend.ts).
 */
import { BackendError, type JudgeItem, type VerdictProbs } from "../../types";
import { errorMessage, httpRequest, joinUrl, type FetchLike, type HttpResult } from "./http";
import type { ServedJudgeConfig } from "./served-config";

export interface ProbeProblem {
  /** The input field to fix: "baseUrls.1", "model", "apiKey", "api", "mode", "topLogprobs", "judge". */
  field: string;
  message: string;
}

export interface ProbedUrl {
  baseUrl: string;
  reachable: boolean;
  /** Round trip of GET /v1/models, ms. */
  latencyMs: number | null;
  /** The model names the server lists (the first 20). */
  models: string[];
  /** The configured endpoint answered a one-token request. */
  protocolOk: boolean;
  /** Top logprobs the server returned for the probe token (null: not asked, or none). */
  logprobs: number | null;
  /** The server's own limit when it refused more (vLLM --max-logprobs), else null. */
  maxLogprobs: number | null;
}

export interface ProbeReport {
  ok: boolean;
  problems: ProbeProblem[];
  urls: ProbedUrl[];
  /** Top logprobs to use: the configured value, or the server's limit when none was configured and the default was too many. */
  topLogprobs: number | null;
  /** One entry per timed judge call (3 items each, one order). */
  judgements: Array<{ items: number; ms: number }>;
  checkedAt: string;
}

export interface ProbeOptions {
  apiKey?: string;
  /** True when the researcher set topLogprobs; false lets the probe adopt a smaller server limit. */
  topLogprobsExplicit?: boolean;
  /** Judges through the backend the version will use; its errors become a "judge" problem. */
  judge?: (items: JudgeItem[], topLogprobs: number | null) => Promise<readonly unknown[]>;
  /** Timed judge calls. Default 2. */
  judgeRounds?: number;
  /** Deadline per HTTP request, ms. Default 15 000. */
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** Short, unambiguous comparisons: enough to see the judge answer, not a benchmark. */
export const PROBE_ITEMS: JudgeItem[] = [
  { prompt: "What is 2 + 2?", reference: "2 + 2 = 4.", candidate: "2 + 2 = 5." },
  { prompt: "Name the capital of France.", reference: "Paris.", candidate: "The capital of France is Paris." },
  { prompt: "Translate 'bonjour' into English.", reference: "Hello.", candidate: "Good day / hello." },
];

const MAX_LISTED = 20;

function defaultTopLogprobs(config: ServedJudgeConfig): number {
  return config.topLogprobs ?? (config.api === "chat" ? 5 : 20);
}

/** vLLM: "...greater than max allowed: 5"; OpenAI: "top_logprobs ... must be less than or equal to 20". */
export function serverLogprobLimit(text: string): number | null {
  const m = /max(?:imum)?\s+allowed:?\s*(\d+)/i.exec(text) ?? /(?:less than or equal to|at most|<=)\s*(\d+)/i.exec(text);
  return m ? Number(m[1]) : null;
}

function logprobsOf(api: ServedJudgeConfig["api"], text: string): number | null {
  try {
    const body = JSON.parse(text) as { choices?: Array<{ logprobs?: unknown }> };
    const lp = body.choices?.[0]?.logprobs as Record<string, unknown> | null | undefined;
    if (!lp) return null;
    if (api === "chat") {
      const first = (lp.content as Array<{ top_logprobs?: unknown[] }> | null | undefined)?.[0];
      return Array.isArray(first?.top_logprobs) && first.top_logprobs.length > 0 ? first.top_logprobs.length : null;
    }
    const first = (lp.top_logprobs as Array<Record<string, number> | null> | undefined)?.[0];
    return first ? Object.keys(first).length || null : null;
  } catch {
    return null;
  }
}

function hasChoices(text: string): boolean {
  try {
    const body = JSON.parse(text) as { choices?: unknown };
    return Array.isArray(body.choices) && body.choices.length > 0;
  } catch {
    return false;
  }
}

function protocolRequest(config: ServedJudgeConfig, topLogprobs: number | null): { path: string; body: Record<string, unknown> } {
  if (config.api === "chat") {
    const body: Record<string, unknown> = { model: config.model, messages: [{ role: "user", content: "Reply with one word: better, same or worse." }], max_tokens: 1, temperature: 0 };
    if (topLogprobs !== null) Object.assign(body, { logprobs: true, top_logprobs: topLogprobs });
    return { path: "/v1/chat/completions", body };
  }
  const body: Record<string, unknown> = { model: config.model, prompt: "Verdict (better/same/worse):", max_tokens: 1, temperature: 0 };
  if (topLogprobs !== null) body.logprobs = topLogprobs;
  return { path: "/v1/completions", body };
}

async function probeUrl(config: ServedJudgeConfig, index: number, opts: ProbeOptions, problems: ProbeProblem[]): Promise<ProbedUrl> {
  const baseUrl = config.baseUrls[index]!;
  const field = `baseUrls.${index}`;
  const out: ProbedUrl = { baseUrl, reachable: false, latencyMs: null, models: [], protocolOk: false, logprobs: null, maxLogprobs: null };
  const http = (method: "GET" | "POST", path: string, body?: unknown): Promise<HttpResult> =>
    httpRequest(method, joinUrl(baseUrl, path), body, { apiKey: opts.apiKey, timeoutMs: opts.timeoutMs ?? 15_000, fetch: opts.fetch });

  // 1. Reachable, key accepted, model listed.
  const started = performance.now();
  let listed: HttpResult;
  try {
    listed = await http("GET", "/v1/models");
  } catch (err) {
    const why = err instanceof BackendError && err.code === "timeout" ? "did not answer in time" : "cannot be reached";
    problems.push({ field, message: `${baseUrl} ${why} (GET /v1/models: ${(err as Error).message})` });
    return out;
  }
  out.latencyMs = Math.round(performance.now() - started);
  if (listed.status === 401 || listed.status === 403) {
    problems.push({ field: "apiKey", message: `${baseUrl} refused the API key (${listed.status}: ${errorMessage(listed.text)})${opts.apiKey ? "" : "; this server needs one"}` });
    return out;
  }
  if (listed.status !== 200) {
    problems.push({ field, message: `${baseUrl}/v1/models answered ${listed.status}: ${errorMessage(listed.text)} (is this the server's root URL, without /v1?)` });
    return out;
  }
  let ids: string[];
  try {
    const data = (JSON.parse(listed.text) as { data?: Array<{ id?: unknown }> }).data;
    if (!Array.isArray(data)) throw new Error("no data list");
    ids = data.map((m) => String(m.id));
  } catch {
    problems.push({ field, message: `${baseUrl}/v1/models did not answer an OpenAI-style model list (is this an OpenAI-compatible server?)` });
    return out;
  }
  out.reachable = true;
  out.models = ids.slice(0, MAX_LISTED);
  if (!ids.includes(config.model)) {
    const some = ids.slice(0, 5).map((id) => `"${id}"`).join(", ");
    problems.push({ field: "model", message: `${baseUrl} serves no model "${config.model}"${ids.length ? `; it serves ${some}${ids.length > 5 ? ", …" : ""}` : " (it lists none)"}` });
    return out;
  }

  // 2. The protocol, and logprobs in logprobs mode.
  const wantLogprobs = config.mode === "logprobs";
  let k: number | null = wantLogprobs ? defaultTopLogprobs(config) : null;
  const endpoint = config.api === "chat" ? "/v1/chat/completions" : "/v1/completions";
  for (let attempt = 0; attempt < 2; attempt++) {
    const req = protocolRequest(config, k);
    let res: HttpResult;
    try {
      res = await http("POST", req.path, req.body);
    } catch (err) {
      problems.push({ field, message: `${baseUrl}${endpoint} failed: ${(err as Error).message}` });
      return out;
    }
    if (res.status === 200 && hasChoices(res.text)) {
      out.protocolOk = true;
      if (wantLogprobs) {
        out.logprobs = logprobsOf(config.api, res.text);
        if (out.logprobs === null) {
          problems.push({
            field: "mode",
            message: `${baseUrl}${endpoint} returns no logprobs, which mode "logprobs" needs; choose mode "reasoning" (api "chat")${config.api === "completions" ? ' or try api "chat"' : ""}`,
          });
        }
      }
      return out;
    }
    const limit = res.status === 400 && k !== null ? serverLogprobLimit(res.text) : null;
    if (limit !== null && limit < k!) {
      out.maxLogprobs = limit;
      if (opts.topLogprobsExplicit || limit < 1) {
        problems.push({ field: "topLogprobs", message: `${baseUrl} returns at most ${limit} top logprobs; set topLogprobs to ${limit} or fewer` });
        return out;
      }
      k = limit; // the default asked for more than this server gives: judge with what it allows
      continue;
    }
    if (res.status === 404 || res.status === 405) {
      const other = config.api === "chat" ? "completions" : "chat";
      problems.push({ field: "api", message: `${baseUrl} has no ${endpoint} (${res.status}: ${errorMessage(res.text)}); try api "${other}"` });
    } else if (res.status === 401 || res.status === 403) {
      problems.push({ field: "apiKey", message: `${baseUrl}${endpoint} refused the API key (${res.status})` });
    } else {
      problems.push({ field, message: `${baseUrl}${endpoint} answered ${res.status}: ${errorMessage(res.text)}` });
    }
    return out;
  }
  return out;
}

function isProbs(p: unknown): p is VerdictProbs {
  const v = p as VerdictProbs | null;
  return !!v && [v.better, v.same, v.worse].every((x) => typeof x === "number" && Number.isFinite(x));
}

/** Probes every base URL in parallel, then (when they all pass) times a few judgements. */
export async function probeServedJudge(config: ServedJudgeConfig, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const problems: ProbeProblem[] = [];
  const urls = await Promise.all(config.baseUrls.map((_, i) => probeUrl(config, i, opts, problems)));
  const limits = urls.map((u) => u.maxLogprobs).filter((x): x is number => x !== null);
  const topLogprobs = config.mode === "logprobs" ? Math.min(defaultTopLogprobs(config), ...limits) : null;
  const judgements: ProbeReport["judgements"] = [];
  if (problems.length === 0 && opts.judge) {
    for (let round = 0; round < (opts.judgeRounds ?? 2); round++) {
      const t0 = performance.now();
      try {
        const out = await opts.judge(PROBE_ITEMS, topLogprobs);
        const ms = Math.round(performance.now() - t0);
        const miscounted = out.length !== PROBE_ITEMS.length;
        const bad = miscounted ? -1 : out.findIndex((p) => !isProbs(p));
        if (miscounted || bad !== -1) {
          const failure = miscounted ? undefined : (out[bad] as { error?: { message?: unknown } } | null)?.error?.message;
          const detail = miscounted
            ? `${out.length} answers for ${PROBE_ITEMS.length} items`
            : `item ${bad}: ${typeof failure === "string" ? failure : JSON.stringify(out[bad]).slice(0, 200)}`;
          problems.push({ field: "judge", message: `the judge answered but no verdict could be read (${detail})` });
          break;
        }
        judgements.push({ items: PROBE_ITEMS.length, ms });
      } catch (err) {
        problems.push({ field: "judge", message: `a test judgement failed: ${(err as Error).message}` });
        break;
      }
    }
  }
  return { ok: problems.length === 0, problems, urls, topLogprobs, judgements, checkedAt: new Date().toISOString() };
}

/** One line for an error reply: every problem, semicolon-separated. */
export function describeProblems(problems: ProbeProblem[]): string {
  return problems.map((p) => p.message).join("; ");
}
