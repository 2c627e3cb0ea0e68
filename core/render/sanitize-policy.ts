/**
 * The sanitize-html allow-list applied to markdown-it's output. markdown-it already runs with
 * `html: false` (raw HTML in model text is shown as text), so this is the second, independent wall:
 * only the tags markdown and highlight.js produce survive, with only the attributes they need.
 * Never allowed: script, style, iframe, object, embed, svg, math, form controls, img/media, any on*
 * attribute, style attributes other than table cell alignment, classes other than highlight.js's.
 */
import sanitizeHtml from "sanitize-html";
import { safeHref } from "./safe-href";

export const LINK_REL = "noopener noreferrer nofollow";

const ALIGN = [/^(left|right|center)$/];

export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "span",
    "em", "strong", "s", "del", "sup", "sub", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th",
    "td", "a",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    code: ["class"],
    span: ["class"],
    ol: ["start"],
    th: ["style"],
    td: ["style"],
  },
  allowedClasses: {
    code: ["hljs", /^language-[A-Za-z0-9_+#.-]{1,40}$/],
    // highlight.js scopes: "hljs-keyword", plus sub-scope classes like "function_" / "class_".
    span: [/^hljs-[a-z0-9-]{1,40}$/, /^[a-z]{1,20}_{1,2}$/],
  },
  allowedStyles: { th: { "text-align": ALIGN }, td: { "text-align": ALIGN } },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "action", "formaction", "xlink:href"],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  // Contents of these are dropped along with the tag (not shown as text).
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math", "template"],
  transformTags: {
    a: (_tagName, attribs) => {
      const href = safeHref(attribs.href);
      const out: Record<string, string> = {};
      if (href !== null) {
        out.href = href;
        out.rel = LINK_REL;
        out.target = "_blank";
      }
      if (typeof attribs.title === "string") out.title = attribs.title;
      return { tagName: "a", attribs: out };
    },
  },
};

export function sanitizeRenderedHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}
