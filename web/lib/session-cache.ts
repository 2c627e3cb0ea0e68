/**
 * Which user a session cookie belongs to, remembered for a minute per process. Auth.js decrypts the
 * JWT session cookie (HKDF + AES) and re-encrypts a refreshed one on every `auth()` call; the
 * annotators' next/submit loop paid that twice per label (≈ 6 % of the server's CPU under load).
 * Safe to remember: what a cookie decrypts to never changes, an entry never outlives the token's own
 * expiry, and role/active and the session epoch (bumped by a password change or reset, which ends older
 * sessions) are still compared with the database on every request (lib/actor.ts → loadActor). Only the
 * cookie's exact value is the key.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;

const g = globalThis as unknown as { __genrmSessions?: Map<string, { userId: string | null; epoch: number; until: number }> };
const entries = () => (g.__genrmSessions ??= new Map());

/** The session token cookie(s) of a Cookie header ("" when there is none): Auth.js names them
 * `authjs.session-token` (`__Secure-` on https), split into `.0`, `.1`… when large. */
export function sessionTokenOf(cookieHeader: string | null): string {
  if (!cookieHeader) return "";
  const parts: string[] = [];
  for (const c of cookieHeader.split(";")) {
    const eq = c.indexOf("=");
    const name = c.slice(0, eq).trim();
    if (/^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name)) parts.push(`${name}=${c.slice(eq + 1).trim()}`);
  }
  return parts.sort().join(";");
}

export function rememberedSession(token: string): { userId: string | null; epoch: number } | undefined {
  const hit = entries().get(token);
  if (!hit) return undefined;
  if (hit.until <= Date.now()) {
    entries().delete(token);
    return undefined;
  }
  return { userId: hit.userId, epoch: hit.epoch };
}

/** `expires`: the session's own expiry (Auth.js `session.expires`), never exceeded. */
export function rememberSession(token: string, userId: string | null, epoch: number, expires?: string | null): void {
  const map = entries();
  if (map.size >= MAX_ENTRIES) map.clear(); // crude bound; a miss only costs one decrypt
  const exp = expires ? Date.parse(expires) : NaN;
  map.set(token, { userId, epoch, until: Math.min(Date.now() + TTL_MS, Number.isFinite(exp) ? exp : Infinity) });
}
