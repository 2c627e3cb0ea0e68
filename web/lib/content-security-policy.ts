/**
 * The Content-Security-Policy of pages: web/proxy.ts sends it with a fresh nonce on every page
 * (next.config.ts gives non-documents — API replies, static files — a policy that allows nothing).
 * Scripts: only ours. A page allows exactly the scripts that carry its nonce (Next puts it on its
 * hydration bootstrap and chunks when it finds the nonce in the request's CSP header) and what they load
 * ('strict-dynamic'); no inline script without the nonce runs, so injected markup cannot run code.
 * `unsafe-eval` only under `next dev` (React's dev tooling). Styles: inline style attributes (charts,
 * progress bars) are ours and a nonce cannot cover attributes; model text is sanitised to exclude them
 * (core/render/sanitize-policy.ts). Images: ours, plus data:/blob: for charts. Forms may post to ourselves
 * and hand off to the OAuth providers' sign-in pages. Nobody may frame us (clickjacking).
 */
export function contentSecurityPolicy(o: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${o.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self' https://github.com https://accounts.google.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable per response, as a CSP nonce must be. */
export function freshNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
