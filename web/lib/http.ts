/**
 * The edge of every route handler: request id, auth, JSON parsing, zod validation with the failing
 * field named, AppError -> status mapping, one structured log line. Handlers stay a screenful.
 */
import { clientRequestId } from "@core/genrm-service/request-id";
import { z } from "zod";
import { AppError, isAppError } from "@core/errors";
import { logsRequests } from "@core/env";
import type { Actor } from "@core/auth/actor";
import { getActor } from "./actor";

export interface RouteContext<B> {
  req: Request;
  actor: Actor | null;
  body: B;
  params: Record<string, string>;
  requestId: string;
  url: URL;
}

interface RouteOptions<S extends z.ZodType | undefined> {
  body?: S;
  /** Max request body in bytes (413 beyond). */
  maxBytes?: number;
  name?: string;
  /**
   * false: reply uncompressed (`Cache-Control: no-transform` makes Next skip gzip). For hot JSON routes
   * whose reply is a few KB: gzip cost more server CPU than anything else they did.
   */
  compress?: boolean;
  /**
   * Read the body of anonymous requests too (sign-in). Otherwise a request without a session or key is
   * refused before a byte of its body is read or parsed.
   */
  anonymousBody?: boolean;
  /** Checks on the bare request (headers only), run before authentication and before the body is read. */
  before?: (req: Request) => void;
}

/** The default byte cap of a JSON body. */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export function requestIdOf(req: Request): string {
  return clientRequestId(req.headers.get("x-request-id"));
}

/**
 * Next gzips every reply unless told `no-transform`, and a fresh zlib stream per reply cost more CPU than
 * the small JSON replies of the API saved on the wire (it showed as ~6 % of the server under the
 * annotators' load, mostly for a 40-byte submit reply). Replies under this size go out uncompressed.
 */
const SMALL_REPLY_CHARS = 4096;
const NO_COMPRESSION = "no-store, no-transform";

type Handler<B> = (ctx: RouteContext<B>) => Promise<unknown>;

export function zodMessage(error: z.ZodError): { message: string; field?: string } {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join(".");
  return { message: field ? `${field}: ${issue.message}` : issue.message, field: field || undefined };
}

export function errorResponse(error: unknown, requestId: string): Response {
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (error instanceof z.ZodError) {
    const { message, field } = zodMessage(error);
    return Response.json({ error: message, field, requestId }, { status: 400, headers });
  }
  if (isAppError(error)) {
    if (error.details?.retryAfterS) headers["retry-after"] = String(error.details.retryAfterS);
    return Response.json({ error: error.message, code: error.code, ...error.details, requestId }, { status: error.status, headers });
  }
  const message = (error as Error)?.message ?? String(error);
  // Prisma/pg connection failures: the database is down, say so (503), don't leak a stack.
  if (/ECONNREFUSED|Can't reach database|Connection terminated|connect ETIMEDOUT|DriverAdapterError/i.test(message)) {
    return Response.json({ error: "The database is unreachable; try again shortly", requestId }, { status: 503, headers: { ...headers, "retry-after": "5" } });
  }
  console.error(JSON.stringify({ t: new Date().toISOString(), src: "web", requestId, msg: "unhandled error", error: message }));
  return Response.json({ error: "Internal error", requestId }, { status: 500, headers });
}

/** Refuses a body whose declared length is past the cap, before anything else is done with the request. */
function assertDeclaredLength(req: Request, maxBytes: number) {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("TooLarge", `Request body is ${declared} bytes; the limit is ${maxBytes}`);
}

/**
 * Reads at most `maxBytes` of the body, however it is sent (a chunked body declares no length): past the
 * cap the stream is cancelled and the request refused, so a client cannot make the server buffer more.
 */
export async function readCappedText(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("TooLarge", `Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readCappedText(req, maxBytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    // Only on the error path: a scan of the whole body for "is it blank" is not paid by valid requests.
    if (!/\S/.test(text)) throw new AppError("Invalid", "Request body is empty; send JSON");
    throw new AppError("Invalid", `Malformed JSON body: ${(e as Error).message.slice(0, 200)}`);
  }
}

/** Origins this request may come from: its own (as Next sees it, and as the Host header names it). */
function ownOrigins(req: Request): string[] {
  const host = req.headers.get("host");
  return [new URL(req.url).origin, ...(host ? [`http://${host}`, `https://${host}`] : [])];
}

/** Cookie-authenticated writes must come from our own origin (CSRF); API keys are exempt. */
function assertSameOrigin(req: Request, actor: Actor | null) {
  if (!actor || actor.kind !== "user" || req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (origin && !ownOrigins(req).includes(origin)) throw new AppError("Forbidden", "Cross-origin request refused");
}

/**
 * For requests that set a session (sign-in): JSON only (an HTML form cannot send it, and a cross-site
 * script cannot without a CORS preflight we never grant) and, where the browser says where it comes from,
 * from our own origin — a login CSRF would sign the victim into the attacker's account.
 */
export function assertSameOriginJson(req: Request) {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("UnsupportedMedia", "Send the body as JSON (Content-Type: application/json)");
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("Forbidden", "Cross-site sign-in refused");
  const origin = req.headers.get("origin");
  if (origin && !ownOrigins(req).includes(origin)) throw new AppError("Forbidden", "Cross-origin sign-in refused");
}

export function route<S extends z.ZodType | undefined = undefined>(
  opts: RouteOptions<S>,
  handler: Handler<S extends z.ZodType ? z.output<S> : undefined>,
) {
  return async (req: Request, ctx?: { params?: Promise<Record<string, string>> }) => {
    const requestId = requestIdOf(req);
    const started = performance.now();
    let status = 200;
    try {
      const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
      if (opts.body) assertDeclaredLength(req, maxBytes);
      opts.before?.(req);
      const actor = await getActor(req);
      assertSameOrigin(req, actor);
      let body: unknown = undefined;
      if (opts.body) {
        if (!actor && !opts.anonymousBody) throw new AppError("Unauthenticated", "Send an API key as 'Authorization: Bearer <key>', or sign in");
        body = opts.body.parse(await readJson(req, maxBytes));
      }
      const params = (await ctx?.params) ?? {};
      const result = await handler({ req, actor, body: body as never, params, requestId, url: new URL(req.url) });
      if (result instanceof Response) {
        status = result.status;
        if (opts.compress === false) result.headers.set("cache-control", NO_COMPRESSION);
        result.headers.set("x-request-id", requestId);
        return result;
      }
      const json = JSON.stringify(result ?? { ok: true });
      const headers: Record<string, string> = { "x-request-id": requestId, "content-type": "application/json" };
      if (opts.compress === false || json.length < SMALL_REPLY_CHARS) headers["cache-control"] = NO_COMPRESSION;
      return new Response(json, { headers });
    } catch (error) {
      const res = errorResponse(error, requestId);
      res.headers.set("cache-control", NO_COMPRESSION); // error replies are a few hundred bytes
      status = res.status;
      return res;
    } finally {
      if (logsRequests()) {
        process.stdout.write(
          JSON.stringify({ t: new Date().toISOString(), src: "web", requestId, method: req.method, route: opts.name ?? new URL(req.url).pathname, status, ms: Math.round(performance.now() - started) }) + "\n",
        );
      }
    }
  };
}
