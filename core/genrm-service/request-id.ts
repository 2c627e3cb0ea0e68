/**
 * A client's request id is echoed in replies and written to logs and the call log: only short, plain ones
 * are kept, anything else is replaced by a fresh id (a header is client-chosen and unbounded).
 */
import { randomUUID } from "node:crypto";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function clientRequestId(given: string | null | undefined): string {
  return given && given.length <= 64 && REQUEST_ID.test(given) ? given : randomUUID();
}
