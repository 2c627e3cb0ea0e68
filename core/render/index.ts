/** Safe HTML rendering of untrusted model text. */
export { renderMarkdown, MAX_RENDER_CHARS, type RenderOptions } from "./render-markdown";
export { safeHref } from "./safe-href";
export { SANITIZE_OPTIONS, LINK_REL, sanitizeRenderedHtml } from "./sanitize-policy";
export { highlightCode, MAX_HIGHLIGHT_CHARS, MAX_AUTO_DETECT_CHARS } from "./highlight-code";
export { XSS_PAYLOADS, type XssPayload } from "./xss-payloads";
