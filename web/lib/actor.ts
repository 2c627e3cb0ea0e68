/**
 * Resolves the acting user for a request: a Bearer API key (programs) or the session cookie (people).
 * Operations in core/ decide what the actor may do; this only says who it is.
 */
import { headers } from "next/headers";
import { redirect, forbidden } from "next/navigation";
import { authenticateApiKey, bearerToken } from "@core/auth/api-keys";
import { loadActor } from "@core/users/authenticate-user";
import type { Actor, Role } from "@core/auth/actor";
import { auth } from "@/auth";
import { rememberedSession, rememberSession, sessionTokenOf } from "./session-cache";

export async function getActor(req?: Request): Promise<Actor | null> {
  const h = req ? req.headers : await headers();
  const token = bearerToken(h.get("authorization"));
  if (token) return authenticateApiKey(token);
  if (h.get("authorization")) return authenticateApiKey("");
  const sessionToken = sessionTokenOf(h.get("cookie"));
  if (!sessionToken) return null; // no session cookie: nothing for Auth.js to decrypt
  let remembered = rememberedSession(sessionToken);
  if (remembered === undefined) {
    const session = await auth();
    const user = session?.user as { id?: string; epoch?: number } | undefined;
    remembered = { userId: user?.id ?? null, epoch: user?.epoch ?? 0 };
    // Only a valid session is remembered: an invalid cookie is re-checked (and costs) every time.
    if (remembered.userId) rememberSession(sessionToken, remembered.userId, remembered.epoch, session?.expires);
  }
  if (!remembered.userId) return null;
  // The epoch is compared with the account's on every request (same query as role/active).
  return loadActor(remembered.userId, remembered.epoch);
}

/** For pages: anonymous -> sign-in; wrong role -> 403 page. Admin passes researcher pages. */
export async function requirePageUser(path: string, ...roles: Role[]) {
  const actor = await getActor();
  if (!actor || actor.kind !== "user") redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  if (roles.length && !roles.includes(actor.role) && !(actor.role === "admin" && roles.includes("researcher"))) forbidden();
  return actor;
}
