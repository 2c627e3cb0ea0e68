/**
 * Who is acting. Every operation receives an Actor and checks it; pages, middleware and the proxy are
 * conveniences, never the security boundary.
 */
import { AppError } from "../errors";

export type Role = "annotator" | "researcher" | "admin";
export const ROLES: readonly Role[] = ["annotator", "researcher", "admin"];

export const SCOPES = ["judge", "runs:write", "data:write"] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * What a role may still do through its keys. A key's scopes are cut to this on every request, so a key
 * follows its owner: a researcher demoted to annotator keeps no API power; re-promoted, the key works again.
 */
export const SCOPES_BY_ROLE: Record<Role, readonly Scope[]> = {
  annotator: [],
  researcher: SCOPES,
  admin: SCOPES,
};

export function scopesFor(role: Role, granted: readonly string[]): Scope[] {
  const allowed = SCOPES_BY_ROLE[role] ?? [];
  return granted.filter((s): s is Scope => (allowed as readonly string[]).includes(s));
}

export type Actor =
  | { kind: "user"; userId: string; role: Role; email: string; name: string }
  | { kind: "apiKey"; userId: string; keyId: string; scopes: Scope[]; role: Role };

export function requireUser(actor: Actor | null | undefined): Extract<Actor, { kind: "user" }> {
  if (!actor) throw new AppError("Unauthenticated", "Sign in first");
  if (actor.kind !== "user") throw new AppError("Forbidden", "This needs a signed-in user, not an API key");
  return actor;
}

/** Signed-in user with one of `roles` (admin passes every researcher check). */
export function requireRole(actor: Actor | null | undefined, ...roles: Role[]) {
  const user = requireUser(actor);
  const allowed = roles.includes(user.role) || (user.role === "admin" && roles.includes("researcher"));
  if (!allowed) throw new AppError("Forbidden", `This needs the ${roles.join(" or ")} role`);
  return user;
}

/** An API key carrying `scope`. Signed-in users do not pass: programs use keys. */
export function requireScope(actor: Actor | null | undefined, scope: Scope) {
  if (!actor) throw new AppError("Unauthenticated", "Send an API key as 'Authorization: Bearer <key>'");
  if (actor.kind !== "apiKey") throw new AppError("Forbidden", `This route needs an API key with the '${scope}' scope`);
  if (!actor.scopes.includes(scope)) {
    const why = SCOPES_BY_ROLE[actor.role].includes(scope) ? "" : ` (its owner's role, ${actor.role}, no longer allows it)`;
    throw new AppError("Forbidden", `This API key lacks the '${scope}' scope${why}`);
  }
  return actor;
}

/** Either a researcher/admin session or an API key with `scope` (routes used by both UI and programs). */
export function requireResearcherOrScope(actor: Actor | null | undefined, scope: Scope) {
  if (actor?.kind === "apiKey") return requireScope(actor, scope);
  return requireRole(actor, "researcher");
}
