/**
 * Code-block highlighting for markdown-it with highlight.js (its "common" set of ~36 languages).
 * A named language is highlighted when known; an unnamed (or unknown) block's language is guessed from
 * its first lines (auto-detection runs every candidate grammar, so it sees a sample only). Huge blocks
 * stay plain.
 * highlight.js escapes the code itself; the sanitizer still runs over its output afterwards.
 */
import hljs from "highlight.js/lib/common";

/** Above this, a block is not highlighted at all (plain escaped text). */
export const MAX_HIGHLIGHT_CHARS = 100_000;
/**
 * Auto-detection looks at this many leading characters only (it runs ~20 grammars: ~50 ms per 1,000
 * characters once warm), then the whole block is highlighted with the language it found.
 */
export const MAX_AUTO_DETECT_CHARS = 1_500;

/** Languages auto-detection may pick from (a fixed list, whatever other modules register globally). */
const AUTO_LANGUAGES = [
  "bash", "c", "cpp", "csharp", "css", "diff", "go", "java", "javascript", "json", "kotlin", "markdown",
  "php", "python", "ruby", "rust", "shell", "sql", "swift", "typescript", "xml", "yaml",
].filter((l) => hljs.getLanguage(l) !== undefined);

const escapeAttr = (s: string) => s.replace(/[^A-Za-z0-9_+#.-]/g, "");

/** Returns a complete `<pre><code>` block, or "" to let markdown-it escape the code itself. */
export function highlightCode(code: string, lang: string): string {
  if (code.length > MAX_HIGHLIGHT_CHARS) return "";
  try {
    const known = lang !== "" ? hljs.getLanguage(lang) : undefined;
    if (known) {
      const { value } = hljs.highlight(code, { language: lang, ignoreIllegals: true });
      return `<pre><code class="hljs language-${escapeAttr(lang)}">${value}</code></pre>\n`;
    }
    const sample = code.length > MAX_AUTO_DETECT_CHARS ? code.slice(0, MAX_AUTO_DETECT_CHARS) : code;
    const guess = hljs.highlightAuto(sample, AUTO_LANGUAGES);
    if (guess.language && guess.relevance >= 3) {
      const value =
        sample === code ? guess.value : hljs.highlight(code, { language: guess.language, ignoreIllegals: true }).value;
      return `<pre><code class="hljs language-${escapeAttr(guess.language)}">${value}</code></pre>\n`;
    }
  } catch {
    // A grammar failing on odd input must not break rendering: fall back to plain text.
  }
  return "";
}
