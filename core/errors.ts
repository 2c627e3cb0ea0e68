/**
 * The one error type of the domain. Operations throw AppError with a code; the edges map it:
 * HTTP status + JSON message (web/lib/http.ts), action results, or job retries (workers).
 */
export type ErrorCode =
  | "Invalid" // 400: malformed input
  | "Unauthenticated" // 401
  | "Forbidden" // 403
  | "NotFound" // 404
  | "Conflict" // 409
  | "TooLarge" // 413
  | "UnsupportedMedia" // 415
  | "Unprocessable" // 422: well-formed but unusable
  | "RateLimited" // 429
  | "BadGateway" // 502: a dependency answered, but unusably (e.g. a judge reply with no verdict)
  | "Unavailable"; // 503: a dependency is down or saturated

export const HTTP_STATUS: Record<ErrorCode, number> = {
  Invalid: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  TooLarge: 413,
  UnsupportedMedia: 415,
  Unprocessable: 422,
  RateLimited: 429,
  BadGateway: 502,
  Unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { field?: string; retryAfterS?: number; [k: string]: unknown },
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export const invalid = (message: string, field?: string) => new AppError("Invalid", message, { field });
export const notFound = (what: string) => new AppError("NotFound", `${what} not found`);
export const forbidden = (message = "You are not allowed to do that") => new AppError("Forbidden", message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * Codes that say "this input can never succeed": a job failing with one is not retried (workers/
 * failure-policy.ts). Unavailable and RateLimited are passing conditions, worth another attempt.
 */
export const PERMANENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["Invalid", "Unauthenticated", "Forbidden", "NotFound", "Conflict", "TooLarge", "UnsupportedMedia", "Unprocessable"]);

export const isPermanentError = (e: unknown): e is AppError => isAppError(e) && PERMANENT_CODES.has(e.code);

/** Input that cannot be processed (a job's data, a trainer's configuration): retrying will not help. */
export const unprocessable = (message: string) => new AppError("Unprocessable", message);
