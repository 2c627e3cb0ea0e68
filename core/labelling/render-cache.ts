/**
 * Rendered (sanitised) HTML of answers and prompts, cached by row id: texts are immutable once
 * imported, and highlight.js on a long answer costs milliseconds that every annotator would pay again.
 * Bounded by total characters so a few huge answers cannot pin memory.
 */
import { renderMarkdown } from "../render";

const MAX_CHARS = 50_000_000;
const cache = new Map<string, string>();
let chars = 0;

export function renderCached(id: string, text: string): string {
  const hit = cache.get(id);
  if (hit !== undefined) {
    cache.delete(id); // re-insert: Map order is the LRU order
    cache.set(id, hit);
    return hit;
  }
  const html = renderMarkdown(text);
  cache.set(id, html);
  chars += html.length;
  for (const [k, v] of cache) {
    if (chars <= MAX_CHARS) break;
    cache.delete(k);
    chars -= v.length;
  }
  return html;
}
