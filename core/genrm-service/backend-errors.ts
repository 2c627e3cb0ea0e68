/**
 * BackendError → AppError for the judge service: what an RL trainer should do about each failure.
 * overloaded → 503, retry in 1 s (backpressure); unreachable / timeout / bad_response → 503, retry in
 * 5 s (the model server is down or misbehaving); invalid_input → 422 (handled per item upstream).
 */
import { BackendError } from "../../genrm/types";
import { AppError, isAppError } from "../errors";

export const RETRY_AFTER_S = { overloaded: 1, down: 5 } as const;

export function toServiceError(error: unknown, modelVersion: number): unknown {
  if (isAppError(error) || !(error instanceof BackendError)) return error;
  const who = `the GenRM v${modelVersion} backend`;
  switch (error.code) {
    case "overloaded":
      return new AppError("Unavailable", `${who} is saturated (${error.message}); retry shortly`, { retryAfterS: RETRY_AFTER_S.overloaded });
    case "invalid_input":
      return new AppError("Unprocessable", `${who} refused the input: ${error.message}`);
    case "timeout":
      return new AppError("Unavailable", `${who} timed out: ${error.message}`, { retryAfterS: RETRY_AFTER_S.down });
    case "unreachable":
      return new AppError("Unavailable", `${who} is unreachable: ${error.message}`, { retryAfterS: RETRY_AFTER_S.down });
    default:
      return new AppError("Unavailable", `${who} answered something unusable: ${error.message}`, { retryAfterS: RETRY_AFTER_S.down });
  }
}
