/**
 * Turns any text input (a string, a Node Readable, any async/sync iterable of strings or bytes) into
 * decoded string chunks and lines, without ever holding more than one line (or chunk) in memory.
 */

export type TextSource = string | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface SourceLine {
  /** 1-based line number. */
  line: number;
  /** The line without its "\n" / "\r\n"; empty when `tooLong`. */
  text: string;
  /** The line exceeded `maxLineChars` and was skipped without being kept in memory. */
  tooLong?: true;
}

export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Decoded chunks; bytes are decoded as UTF-8 across chunk boundaries; a leading BOM is dropped. */
export async function* textChunks(src: TextSource): AsyncGenerator<string> {
  if (typeof src === "string") {
    yield src.charCodeAt(0) === 0xfeff ? src.slice(1) : src;
    return;
  }
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of src as AsyncIterable<string | Uint8Array>) {
    let s = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s.length > 0) yield s;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** Lines of `src`, numbered from 1; "\r\n" endings are accepted. A final line without "\n" is yielded. */
export async function* iterateLines(
  src: TextSource | AsyncIterable<string>,
  opts: { maxLineChars?: number } = {},
): AsyncGenerator<SourceLine> {
  const max = opts.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  let pending: string[] = [];
  let pendingLen = 0;
  let overflow = false;
  let lineNo = 0;
  const chunks = typeof src === "string" ? textChunks(src) : textChunks(src as TextSource);
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      if (nl === -1) {
        if (start < chunk.length && !overflow) {
          pending.push(chunk.slice(start));
          pendingLen += chunk.length - start;
          if (pendingLen > max) {
            overflow = true;
            pending = [];
          }
        }
        break;
      }
      lineNo++;
      if (overflow || pendingLen + (nl - start) > max) {
        yield { line: lineNo, text: "", tooLong: true };
      } else {
        let text = pending.length > 0 ? pending.join("") + chunk.slice(start, nl) : chunk.slice(start, nl);
        if (text.endsWith("\r")) text = text.slice(0, -1);
        yield { line: lineNo, text };
      }
      pending = [];
      pendingLen = 0;
      overflow = false;
      start = nl + 1;
    }
  }
  if (overflow) yield { line: lineNo + 1, text: "", tooLong: true };
  else if (pendingLen > 0) {
    const text = pending.join("");
    yield { line: lineNo + 1, text: text.endsWith("\r") ? text.slice(0, -1) : text };
  }
}
