/**
 * Safe rendering of untrusted model text (markdown with code) to an HTML string for
 * `dangerouslySetInnerHTML`. Pipeline: markdown-it (`html: false`, linkify, strict link validation)
 * → highlight.js for code blocks → sanitize-html allow-list (sanitize-policy.ts).
 *
 * Images are NOT loaded: `![alt](url)` renders as a link "[image: alt]". Loading remote images would
 * let an answer ping a third-party server each time it is shown (leaking annotators' IPs and reading
 * times) and would let an image identify the model that produced the answer — both harmful to blind
 * annotation. A researcher can still follow the link deliberately.
 *
 * Not for: trusted content (docs, our own UI text) — render that without this cost.
 */
import MarkdownIt from "markdown-it";
import { highlightCode } from "./highlight-code";
import { safeHref } from "./safe-href";
import { sanitizeRenderedHtml } from "./sanitize-policy";

/** Text beyond this is cut (with a visible note) so a runaway answer cannot stall the page. */
export const MAX_RENDER_CHARS = 200_000;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: highlightCode });

// Links markdown-it may create at all: the same policy the sanitizer enforces. A refused link stays
// visible as its literal markdown text, so annotators see what the model wrote.
md.validateLink = (url: string) => safeHref(url) !== null;

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  const label = md.utils.escapeHtml(`[image${alt ? `: ${alt}` : ""}]`);
  const src = token.attrGet("src");
  const href = safeHref(src === null ? null : String(src));
  return href === null ? label : `<a href="${md.utils.escapeHtml(href)}">${label}</a>`;
};

export interface RenderOptions {
  maxChars?: number;
}

export function renderMarkdown(text: string, opts: RenderOptions = {}): string {
  if (typeof text !== "string") return "";
  const max = opts.maxChars ?? MAX_RENDER_CHARS;
  let src = text;
  let note = "";
  if (src.length > max) {
    note = `<p><em>[${(src.length - max).toLocaleString("en-US")} more characters not shown]</em></p>\n`;
    src = src.slice(0, max);
  }
  return sanitizeRenderedHtml(md.render(src)) + note;
}
