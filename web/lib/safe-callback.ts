/**
 * Where to go after sign-in: only a path on this site. Decided by the URL parser a browser uses, not by
 * string prefixes: `/\evil.example` (a backslash counts as a slash), `/<tab>/evil.example` (tabs and
 * newlines are dropped) and `//evil.example` all name another host, however they start.
 */
const BASE = "http://same-origin.invalid";

export function sameOriginPath(raw: string | null | undefined, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000 || !raw.startsWith("/")) return fallback;
  // Control characters and backslashes have no business in our own paths; browsers reinterpret them.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // The parsed form, so what we redirect to is exactly what we checked.
  return url.pathname + url.search + url.hash;
}
