import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { iterateJsonArray, iterateLines, JsonArrayScanner, parseImport } from "./index";

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("iterateLines", () => {
  it("decodes UTF-8 split across byte chunks, strips a BOM, accepts CRLF and a last line without newline", async () => {
    const bytes = Buffer.from("\uFEFFé1\r\n\n日本語\nlast", "utf8");
    const oneByteChunks = Readable.from(Array.from(bytes, (b) => Buffer.from([b])));
    const lines = await all(iterateLines(oneByteChunks));
    expect(lines).toEqual([
      { line: 1, text: "é1" },
      { line: 2, text: "" },
      { line: 3, text: "日本語" },
      { line: 4, text: "last" },
    ]);
  });

  it("skips an over-long line without buffering it and keeps counting", async () => {
    const lines = await all(iterateLines(["ok\n", "x".repeat(50), "x".repeat(50), "\nfine\n"], { maxLineChars: 60 }));
    expect(lines).toEqual([
      { line: 1, text: "ok" },
      { line: 2, text: "", tooLong: true },
      { line: 3, text: "fine" },
    ]);
  });
});

describe("JSON array streaming", () => {
  const value = [
    { a: "x, ] } \" \\ [", b: [1, [2, { c: "}" }]], n: null },
    "plain, string]",
    42,
    [],
    { nested: { deep: ["a,b", { e: "\n" }] } },
  ];
  const text = JSON.stringify(value, null, 2);

  it("yields the same values as JSON.parse whatever the chunking", async () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const els = await all(iterateJsonArray(chunks));
      expect(els.map((e) => ("value" in e ? e.value : e.error))).toEqual(value);
    }
  });

  it("reports element start lines", async () => {
    const els = await all(iterateJsonArray(text));
    expect(els.map((e) => e.line)).toEqual([2, 15, 16, 17, 18]);
  });

  it("reports structural problems", () => {
    const s = new JsonArrayScanner();
    expect([...s.push("[1,,2,]"), ...s.end()].map((e) => ("error" in e ? e.error : e.value))).toEqual([
      1,
      "empty element (two commas)",
      2,
      "trailing comma before ']'",
    ]);
    const t = new JsonArrayScanner();
    expect([...t.push('{"a":1}'), ...t.end()]).toEqual([
      { line: 1, index: 0, error: 'expected a JSON array ("[" first), got "{"' },
    ]);
    const u = new JsonArrayScanner();
    expect([...u.push('[{"a":1},\n{"b":'), ...u.end()].map((e) => ("error" in e ? e.error : e.value))).toEqual([
      { a: 1 },
      "unexpected end of input inside this element",
    ]);
  });

  it("parseImport sniffs a JSON array even behind leading whitespace chunks", async () => {
    const evs = await all(parseImport(["  \n", "\n", '[{"instruction":"i","output":"o","generator":"g"}]']));
    expect(evs).toEqual([
      expect.objectContaining({ ok: true, record: expect.objectContaining({ prompt: "i", sourceLine: 3 }) }),
    ]);
  });
});
