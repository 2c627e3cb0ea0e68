/**
 * The edge shared by the public judge routes: route() (request id, auth, JSON, errors) plus
 *  - Basic auth with the API key as password, because OpenRLHF's client sends no headers of its own:
 *    `--remote_rm_url http://genrm:<key>@host:3000/get_reward` makes `requests` send it;
 *  - one ApiCallLog record per authenticated call (key, model version, batch size, status, latency),
 *    failures included; failed authentication is only counted in the log (core/genrm-service/auth-failures.ts);
 *  - no reply compression (route's `compress: false`).
 *  - with JUDGE_SERVICE_URL set, requests with credentials go to the judge service (judge-forward.ts).
 */
import { z } from "zod";
import { recordApiCall } from "@core/genrm-service/call-log";
import { servingConfig } from "@core/env";
import { noteAuthFailure } from "@core/genrm-service/auth-failures";
import { route, type RouteContext } from "./http";
import { forwardToJudgeService, judgeServiceUrl } from "./judge-forward";

export interface CallNote {
  keyId?: string | null;
  modelId?: string | null;
  modelVersion?: number | null;
  batchSize?: number;
  itemErrors?: number;
}

const notes = new WeakMap<Request, CallNote>();

/** Handlers tell the call log what they learnt (who, which model, how many items). */
export function noteCall(req: Request, note: CallNote): void {
  notes.set(req, { ...notes.get(req), ...note });
}

/** `Authorization: Basic base64(user:key)` → `Bearer key`; anything else passes unchanged. */
function basicToBearer(req: Request): Request {
  const auth = req.headers.get("authorization");
  const m = auth ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth) : null;
  if (!m) return req;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const key = colon >= 0 ? decoded.slice(colon + 1) || decoded.slice(0, colon) : decoded;
  const headers = new Headers(req.headers);
  headers.set("authorization", `Bearer ${key}`);
  // The body streams through unread: route() still enforces the size limit on it.
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : req.body;
  return new Request(req.url, { method: req.method, headers, body, duplex: "half" } as RequestInit);
}

type Ctx = { params?: Promise<Record<string, string>> };

export function judgeRoute(name: string, handler: (ctx: RouteContext<unknown>) => Promise<Response>) {
  // Uncompressed replies: they go to programs on the same network, where gzip cost the server more CPU
  // than it saved on the wire (~5 % of the judge API's CPU profile).
  const inner = route({ body: z.unknown(), maxBytes: servingConfig().GENRM_API_MAX_BODY_BYTES, name, compress: false }, handler);
  return async (incoming: Request, ctx?: Ctx): Promise<Response> => {
    const service = judgeServiceUrl();
    if (service && incoming.headers.has("authorization")) return forwardToJudgeService(incoming, service);
    const started = performance.now();
    const req = basicToBearer(incoming);
    const res = await inner(req, ctx);
    const note = notes.get(req) ?? {};
    if (res.status === 401) {
      // Anyone can send these, as fast as they like: counted in the log, no database row each.
      const reason = ((await res.clone().json().catch(() => ({}))) as { error?: string }).error ?? "unauthenticated";
      noteAuthFailure(name, reason.slice(0, 80));
      return res;
    }
    recordApiCall({
      requestId: res.headers.get("x-request-id") ?? "",
      apiKeyId: note.keyId ?? null,
      route: name,
      modelId: note.modelId ?? null,
      modelVersion: note.modelVersion ?? null,
      batchSize: note.batchSize ?? 0,
      itemErrors: note.itemErrors ?? 0,
      status: res.status,
      latencyMs: Math.round(performance.now() - started),
    });
    return res;
  };
}
