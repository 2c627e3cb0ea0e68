/**
 * For pages: an operation's NotFound (and, where a malformed id in the URL means the same, Invalid)
 * becomes Next's 404 page; every other error propagates.
 */
import { notFound } from "next/navigation";
import { isAppError, type ErrorCode } from "@core/errors";

export async function or404<T>(p: Promise<T>, codes: readonly ErrorCode[] = ["NotFound"]): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAppError(e) && codes.includes(e.code)) notFound();
    throw e;
  }
}
