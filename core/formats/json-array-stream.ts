/**
 * Streams the elements of a top-level JSON array (AlpacaEval files) one at a time: a small scanner finds
 * element boundaries (tracking strings, escapes and nesting) and JSON.parse decodes each element alone.
 * So a broken element is reported with its line while the others still parse, and memory holds one
 * element, not the file.
 */
import { textChunks, type TextSource } from "./text-source";

export type ArrayElement =
  | { line: number; index: number; value: unknown }
  | { line: number; index: number; error: string };

type State = "before" | "between" | "element" | "after" | "broken";

export class JsonArrayScanner {
  private state: State = "before";
  private depth = 0; // nesting inside the current element
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private partsLen = 0;
  private tooLong = false;
  private line = 1;
  private elementLine = 1;
  private index = 0;
  private expectElement = false; // after a comma
  private out: ArrayElement[] = [];

  constructor(private readonly maxElementChars = 64 * 1024 * 1024) {}

  /** Feeds a chunk; returns the elements completed by it. */
  push(chunk: string): ArrayElement[] {
    let segStart = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.state === "element") {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c /* \ */) this.escaped = true;
          else if (c === 0x22 /* " */) this.inString = false;
          else if (c === 0x0a) this.line++;
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if ((c === 0x7d || c === 0x5d) && this.depth > 0) this.depth--;
        else if (c === 0x0a) this.line++;
        else if (this.depth === 0 && (c === 0x2c /* , */ || c === 0x5d /* ] */)) {
          this.append(chunk, segStart === -1 ? 0 : segStart, i);
          segStart = -1;
          this.finishElement();
          this.state = c === 0x2c ? "between" : "after";
          this.expectElement = c === 0x2c;
        }
        continue;
      }
      if (c === 0x0a) {
        this.line++;
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
      if (this.state === "before") {
        if (c === 0x5b) this.state = "between";
        else this.fail(`expected a JSON array ("[" first), got ${JSON.stringify(chunk[i])}`);
      } else if (this.state === "between") {
        if (c === 0x5d) {
          if (this.expectElement) this.emitError("trailing comma before ']'");
          this.state = "after";
        } else if (c === 0x2c) {
          this.emitError("empty element (two commas)");
        } else {
          this.state = "element";
          this.elementLine = this.line;
          segStart = i;
          if (c === 0x22) this.inString = true;
          else if (c === 0x7b || c === 0x5b) this.depth = 1;
        }
      } else if (this.state === "after") {
        this.fail(`unexpected ${JSON.stringify(chunk[i])} after the end of the array`);
      }
      if (this.state === "broken") break;
    }
    if (this.state === "element") this.append(chunk, segStart === -1 ? 0 : segStart, chunk.length);
    return this.drain();
  }

  /** Ends the input; reports an unclosed array or a truncated element. */
  end(): ArrayElement[] {
    if (this.state === "element") {
      this.out.push({ line: this.elementLine, index: this.index++, error: "unexpected end of input inside this element" });
    } else if (this.state === "before") {
      this.fail("empty input: expected a JSON array");
    } else if (this.state === "between") {
      this.fail("unexpected end of input: the array is not closed with ']'");
    }
    return this.drain();
  }

  private append(chunk: string, from: number, to: number) {
    if (this.tooLong || to <= from) return;
    this.partsLen += to - from;
    if (this.partsLen > this.maxElementChars) {
      this.tooLong = true;
      this.parts = [];
    } else this.parts.push(chunk.slice(from, to));
  }

  private finishElement() {
    const index = this.index++;
    const line = this.elementLine;
    if (this.tooLong) {
      this.out.push({ line, index, error: `element longer than ${this.maxElementChars} characters` });
    } else {
      const text = this.parts.join("");
      try {
        this.out.push({ line, index, value: JSON.parse(text) });
      } catch (e) {
        this.out.push({ line, index, error: `invalid JSON: ${shortMessage(e)}` });
      }
    }
    this.parts = [];
    this.partsLen = 0;
    this.tooLong = false;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  private emitError(reason: string) {
    this.out.push({ line: this.line, index: this.index++, error: reason });
  }

  private fail(reason: string) {
    this.out.push({ line: this.line, index: this.index, error: reason });
    this.state = "broken";
  }

  private drain(): ArrayElement[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** JSON.parse's message, kept short (V8 may quote the whole input back). */
export function shortMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 160 ? `${m.slice(0, 157)}…` : m;
}

/** Elements of the JSON array in `src`, in order, each with the line it starts on. */
export async function* iterateJsonArray(
  src: TextSource,
  opts: { maxElementChars?: number } = {},
): AsyncGenerator<ArrayElement> {
  const scanner = new JsonArrayScanner(opts.maxElementChars);
  for await (const chunk of textChunks(src)) yield* scanner.push(chunk);
  yield* scanner.end();
}
