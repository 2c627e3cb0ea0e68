/** For pages: an operation's NotFound becomes Next's 404 page; every other error propagates. */
import { notFound } from "next/navigation";
import { isAppError } from "@core/errors";

export async function or404<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAppError(e) && e.code === "NotFound") notFound();
    throw e;
  }
}
