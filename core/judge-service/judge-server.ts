/**
 * The judge service: the trainer-facing judge routes on plain node:http, without the web framework's
 * per-request machinery, running the same core operations as the web app's handlers:
 *   POST /api/v1/judge                                  → judgeForActor
 *   POST /get_reward, /api/v1/openrlhf/get_reward       → openrlhfReward (OpenRLHF remote RM)
 *   GET  /healthz                                       → {ok, pid, inFlight, cpuUs} (load balancers, npm start; cpuUs is this process's own CPU time)
 *   anything else → the web app at `webAppUrl` when given (so a trainer can use this one address for
 *                   judging and for run reporting /api/v1/runs/*), else 404
 * Every request: API key checked against the database (no cache: a revoked key fails at once), body
 * size capped before parsing, one call-log record (core/genrm-service/call-log.ts), replies uncompressed.
 * Stateless apart from caches, so any number of these processes can serve one Postgres + Redis.
 * Not here: process concerns (port, signals: scripts/serve-judge.ts) or judging itself (core/genrm-service).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { AppError } from "../errors";
import { authenticateApiKey } from "../auth/api-keys";
import type { Actor } from "../auth/actor";
import { judgeForActor } from "../genrm-service/judge-for-actor";
import { openrlhfReward } from "../genrm-service/openrlhf-reward";
import { noteAuthFailure } from "../genrm-service/auth-failures";
import { recordApiCall } from "../genrm-service/call-log";
import { clientRequestId } from "../genrm-service/request-id";
import { servingConfig } from "../env";
import { errorReply } from "./error-reply";

type RouteName = "judge" | "get_reward";

const ROUTES: Record<string, RouteName> = {
  "/api/v1/judge": "judge",
  "/get_reward": "get_reward",
  "/api/v1/openrlhf/get_reward": "get_reward",
};

export const JUDGE_SERVICE_PATHS = Object.keys(ROUTES);

/** The API key a request carries: Bearer, or Basic with the key as password (OpenRLHF's client can only put credentials in the URL). */
export function apiKeyOf(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!basic) return ""; // present but unusable → 401 "Malformed API key"
  const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) || decoded.slice(0, colon) : decoded;
}

async function actorOf(req: IncomingMessage): Promise<Actor | null> {
  const key = apiKeyOf(req.headers.authorization);
  if (key !== null) return authenticateApiKey(key);
  // Signed-in people are refused like on the web app (programs use keys); sessions are not decoded here.
  if (req.headers.cookie) throw new AppError("Forbidden", "This route needs an API key with the 'judge' scope");
  return null;
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) return Promise.reject(new AppError("TooLarge", `Request body is ${declared} bytes; the limit is ${maxBytes}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(new AppError("TooLarge", `Request body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", (e) => !failed && ((failed = true), reject(e)));
    // A client that goes away mid-body: settle, so the request does not stay "in flight" for ever.
    req.on("close", () => !req.complete && !failed && ((failed = true), reject(new AppError("Invalid", "The request was aborted before its body arrived"))));
    req.on("end", () => {
      if (failed) return;
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString("utf8");
      if (!text.trim()) return reject(new AppError("Invalid", "Request body is empty; send JSON"));
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new AppError("Invalid", `Malformed JSON body: ${(e as Error).message}`));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, requestId: string, retryAfterS?: number): void {
  const json = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    "x-request-id": requestId,
  };
  if (retryAfterS) headers["retry-after"] = String(retryAfterS);
  res.writeHead(status, headers);
  res.end(json);
}

interface CallFacts {
  keyId: string | null;
  modelId: string | null;
  modelVersion: number | null;
  batchSize: number;
  itemErrors: number;
}

async function judgeRoute(name: RouteName, req: IncomingMessage, query: Record<string, string>, facts: CallFacts): Promise<{ status: number; reply: unknown }> {
  // The key check (a database round trip) runs while the body arrives; nothing is judged, cached or
  // answered before it has passed, and a refused request's body is read no further than its cap.
  const bodyRead = readBody(req, servingConfig().GENRM_API_MAX_BODY_BYTES);
  bodyRead.catch(() => undefined); // auth errors take precedence; the body's own error is awaited below
  const actor = await actorOf(req);
  if (actor?.kind === "apiKey") facts.keyId = actor.keyId;
  const body = await bodyRead;
  if (name === "judge") {
    const items = (body as { items?: unknown } | null)?.items;
    facts.batchSize = Array.isArray(items) ? items.length : 0;
    const { status, reply } = await judgeForActor(actor, body);
    Object.assign(facts, { modelId: reply.model.id, modelVersion: reply.model.version, itemErrors: reply.errors });
    return { status, reply };
  }
  const list = (body as { query?: unknown } | null)?.query;
  facts.batchSize = Array.isArray(list) ? list.length : 0;
  const { status, reply } = await openrlhfReward(actor, body, query);
  Object.assign(facts, { modelId: reply.model?.id ?? null, modelVersion: reply.model?.version ?? null, itemErrors: reply.errors.length });
  return { status, reply };
}

/** Streams a request the service does not answer itself to the web app, and its reply back. */
function passThrough(req: IncomingMessage, res: ServerResponse, target: URL, requestId: string): void {
  const headers = { ...req.headers, host: target.host, "x-request-id": requestId };
  const upstream = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers);
    reply.pipe(res);
  });
  upstream.on("error", (error) => {
    if (res.headersSent) return res.destroy();
    send(res, 502, { error: `The web app behind this judge service is unreachable (${(error as NodeJS.ErrnoException).code ?? error.message}); retry shortly`, requestId }, requestId, 2);
  });
  req.pipe(upstream);
}

export interface JudgeServerOptions {
  /** Where requests for other paths go (the web app); without it they get 404. */
  webAppUrl?: string;
}

export interface JudgeServer {
  server: Server;
  /** Requests being answered now. */
  inFlight(): number;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), closes idle keep-alive sockets. */
  close(graceMs?: number): Promise<void>;
}

export function createJudgeServer(options: JudgeServerOptions = {}): JudgeServer {
  const webApp = options.webAppUrl ? new URL(options.webAppUrl) : null;
  let inFlight = 0;
  let draining = false;
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q >= 0 ? url.slice(0, q) : url;
    const requestId = clientRequestId(req.headers["x-request-id"] as string | undefined);
    if (draining) res.setHeader("connection", "close");
    if (path === "/healthz") {
      const cpu = process.cpuUsage();
      send(res, draining ? 503 : 200, { ok: !draining, pid: process.pid, inFlight, cpuUs: cpu.user + cpu.system }, requestId);
      return;
    }
    const name = ROUTES[path];
    if (!name && webApp) return passThrough(req, res, webApp, requestId);
    if (!name) {
      send(res, 404, { error: `No judge route ${path}; this service answers POST ${JUDGE_SERVICE_PATHS.join(", ")} and GET /healthz`, requestId }, requestId);
      req.resume();
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      send(res, 405, { error: `${path} takes POST`, requestId }, requestId);
      req.resume();
      return;
    }
    const started = performance.now();
    const query = q >= 0 ? Object.fromEntries(new URLSearchParams(url.slice(q + 1))) : {};
    const facts: CallFacts = { keyId: null, modelId: null, modelVersion: null, batchSize: 0, itemErrors: 0 };
    inFlight++;
    judgeRoute(name, req, query, facts)
      .then(
        ({ status, reply }) => ({ status, body: reply as unknown, retryAfterS: undefined as number | undefined }),
        (error: unknown) => {
          req.resume(); // a refused request's unread body must not stall the connection
          return errorReply(error, requestId);
        },
      )
      .then(({ status, body, retryAfterS }) => {
        send(res, status, body, requestId, retryAfterS);
        if (status === 401) {
          // Anyone can send these, as fast as they like: counted in the log, no database row each.
          const reason = (body as { error?: unknown } | null)?.error;
          noteAuthFailure(name, typeof reason === "string" ? reason.slice(0, 80) : "unauthenticated");
          return;
        }
        recordApiCall({ requestId, apiKeyId: facts.keyId, route: name, modelId: facts.modelId, modelVersion: facts.modelVersion, batchSize: facts.batchSize, itemErrors: facts.itemErrors, status, latencyMs: Math.round(performance.now() - started) });
      })
      .finally(() => inFlight--);
  });
  return {
    server,
    inFlight: () => inFlight,
    async close(graceMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
