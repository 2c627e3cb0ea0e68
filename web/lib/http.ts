/**
 * The edge of every route handler: request id, auth, JSON parsing, zod validation with the failing
 * field named, AppError -> status mapping, one structured log line. Handlers stay a screenful.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, isAppError } from "@core/errors";
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

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("TooLarge", `Request body is ${declared} bytes; the limit is ${maxBytes}`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("TooLarge", `Request body exceeds ${maxBytes} bytes`);
  if (!text.trim()) throw new AppError("Invalid", "Request body is empty; send JSON");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("Invalid", `Malformed JSON body: ${(e as Error).message}`);
  }
}

/** Cookie-authenticated writes must come from our own origin (CSRF); API keys are exempt. */
function assertSameOrigin(req: Request, actor: Actor | null) {
  if (!actor || actor.kind !== "user" || req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (origin && origin !== new URL(req.url).origin && origin !== `http://${req.headers.get("host")}`) {
    throw new AppError("Forbidden", "Cross-origin request refused");
  }
}

export function route<S extends z.ZodType | undefined = undefined>(
  opts: RouteOptions<S>,
  handler: Handler<S extends z.ZodType ? z.output<S> : undefined>,
) {
  return async (req: Request, ctx?: { params?: Promise<Record<string, string>> }) => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    const started = performance.now();
    let status = 200;
    try {
      const actor = await getActor(req);
      assertSameOrigin(req, actor);
      let body: unknown = undefined;
      if (opts.body) body = opts.body.parse(await readJson(req, opts.maxBytes ?? 1_000_000));
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
      if (process.env.LOG_REQUESTS !== "0") {
        process.stdout.write(
          JSON.stringify({ t: new Date().toISOString(), src: "web", requestId, method: req.method, route: opts.name ?? new URL(req.url).pathname, status, ms: Math.round(performance.now() - started) }) + "\n",
        );
      }
    }
  };
}
