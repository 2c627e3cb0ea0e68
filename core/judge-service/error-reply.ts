/**
 * Errors → HTTP replies for the judge service, the same mapping the web app's route() applies
 * (web/lib/http.ts): zod → 400 naming the field, AppError → its status (+ Retry-After), an unreachable
 * database → 503, anything else → 500 without the stack.
 */
import { z } from "zod";
import { isAppError } from "../errors";

export interface ErrorReply {
  status: number;
  body: Record<string, unknown>;
  retryAfterS?: number;
}

export function errorReply(error: unknown, requestId: string): ErrorReply {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0]!;
    const field = issue.path.map(String).join(".");
    return { status: 400, body: { error: field ? `${field}: ${issue.message}` : issue.message, field: field || undefined, requestId } };
  }
  if (isAppError(error)) {
    return { status: error.status, body: { error: error.message, code: error.code, ...error.details, requestId }, retryAfterS: error.details?.retryAfterS };
  }
  const message = (error as Error)?.message ?? String(error);
  if (/ECONNREFUSED|Can't reach database|Connection terminated|connect ETIMEDOUT|DriverAdapterError/i.test(message)) {
    return { status: 503, body: { error: "The database is unreachable; try again shortly", requestId }, retryAfterS: 5 };
  }
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), src: "judge-service", requestId, msg: "unhandled error", error: message }) + "\n");
  return { status: 500, body: { error: "Internal error", requestId } };
}
