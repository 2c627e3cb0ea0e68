/**
 * The one link policy for rendered model text: http(s) and mailto URLs, or an in-page "#anchor".
 * Parsing with the WHATWG URL parser (what browsers use) means tricks like "java\tscript:",
 * " javascript:", "JaVaScRiPt:" or entity-decoded control characters resolve to the scheme a browser
 * would see, and are refused. Everything else (relative paths, protocol-relative "//host", data:,
 * javascript:, vbscript:, file:, blob:) is refused.
 */

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** The normalised href to emit, or null when the link must not be clickable. */
export function safeHref(raw: string | undefined | null): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  if (s.startsWith("#")) return /[\u0000-\u001f\u007f\s"'<>`]/.test(s) ? null : s;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null; // relative or unparsable
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "mailto:" && url.host === "") return null;
  return url.href;
}
