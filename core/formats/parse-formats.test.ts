import { describe, expect, it } from "vitest";
import { collectImport, formatParseError, parseImport, promptKey, responseKey, type ImportRecord } from "./index";

const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n";

describe("TRL preference", () => {
  it("parses the standard (string) form into two responses with the preference recorded", async () => {
    const { format, records, errors } = await collectImport(
      jsonl({ prompt: "The sky is", chosen: " blue.", rejected: " green.", id: "x1" }),
    );
    expect(errors).toEqual([]);
    expect(format).toBe("trl");
    expect(records[0]).toMatchObject({
      prompt: "The sky is",
      responses: [
        { model: "chosen", text: " blue." },
        { model: "rejected", text: " green." },
      ],
      preference: { chosen: 0, rejected: 1 },
      sourceLine: 1,
      meta: { id: "x1" },
    });
  });

  it("parses the conversational form (message lists, incl. text content parts)", async () => {
    const row = {
      prompt: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "What color is the sky?" }] },
      ],
      chosen: [{ role: "assistant", content: "Blue." }],
      rejected: [{ role: "assistant", content: "Green." }],
    };
    const { records, errors } = await collectImport(jsonl(row));
    expect(errors).toEqual([]);
    expect(records[0]!.prompt).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What color is the sky?" },
    ]);
    expect(records[0]!.responses.map((r) => r.text)).toEqual(["Blue.", "Green."]);
  });

  it("extracts an implicit prompt shared by conversational chosen/rejected", async () => {
    const user = { role: "user", content: "Hi, 2+2?" };
    const { records, errors } = await collectImport(
      jsonl({
        chosen: [user, { role: "assistant", content: "4" }],
        rejected: [user, { role: "assistant", content: "5" }],
      }),
    );
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ format: "trl", prompt: [user], responses: [{ text: "4" }, { text: "5" }] });
  });

  it("rejects a multi-message completion with a clear reason", async () => {
    const { errors } = await collectImport(
      jsonl({
        prompt: [{ role: "user", content: "q" }],
        chosen: [
          { role: "assistant", content: "a" },
          { role: "user", content: "more" },
        ],
        rejected: [{ role: "assistant", content: "b" }],
      }),
    );
    expect(errors[0]!.reason).toMatch(/'chosen' must hold exactly one assistant message/);
  });
});

describe("HH-RLHF", () => {
  it("splits the shared dialogue into prompt turns and takes the final assistant turns as answers", async () => {
    const prefix = "\n\nHuman: What is a good name for a cat?\n\nAssistant: Maybe Tom?\n\nHuman: Another one?";
    const { format, records, errors } = await collectImport(
      jsonl({ chosen: `${prefix}\n\nAssistant: Luna.`, rejected: `${prefix}\n\nAssistant: I don't know.` }),
    );
    expect(errors).toEqual([]);
    expect(format).toBe("hh-rlhf");
    expect(records[0]).toMatchObject({
      prompt: [
        { role: "user", content: "What is a good name for a cat?" },
        { role: "assistant", content: "Maybe Tom?" },
        { role: "user", content: "Another one?" },
      ],
      responses: [
        { model: "chosen", text: "Luna." },
        { model: "rejected", text: "I don't know." },
      ],
      preference: { chosen: 0, rejected: 1 },
    });
  });

  it("reports rows whose two sides diverge before the final answer", async () => {
    const { errors } = await collectImport(
      jsonl(
        { chosen: "\n\nHuman: a\n\nAssistant: b", rejected: "\n\nHuman: a\n\nAssistant: c" },
        { chosen: "\n\nHuman: a\n\nAssistant: b", rejected: "\n\nHuman: DIFFERENT\n\nAssistant: c" },
      ),
    );
    expect(errors).toEqual([{ line: 2, reason: expect.stringMatching(/do not share the same dialogue/) }]);
  });
});

describe("AlpacaEval outputs and our own format", () => {
  it("parses an AlpacaEval JSON array with line numbers of each element", async () => {
    const text = `[\n  {"dataset":"helpful_base","instruction":"Say hi","output":"Hi!","generator":"m1"},\n  {"instruction":"Say bye","output":"Bye","generator":"m1"}\n]\n`;
    const { format, records, errors } = await collectImport(text);
    expect(errors).toEqual([]);
    expect(format).toBe("alpaca-eval");
    expect(records.map((r) => [r.prompt, r.responses[0]!.model, r.sourceLine])).toEqual([
      ["Say hi", "m1", 2],
      ["Say bye", "m1", 3],
    ]);
    expect(records[0]!.meta).toEqual({ dataset: "helpful_base" });
  });

  it("parses {prompt, responses, reference?} including a conversation prompt", async () => {
    const { format, records, errors } = await collectImport(
      jsonl(
        { prompt: "Q1", responses: [{ model: "a", text: "1" }, { model: "b", text: "2" }], reference: { model: "gold", text: "R" } },
        { prompt: [{ role: "user", content: "Q2" }], responses: [{ model: "a", text: "x" }], reference: "plain ref" },
      ),
    );
    expect(errors).toEqual([]);
    expect(format).toBe("native");
    expect(records[0]!.reference).toEqual({ model: "gold", text: "R" });
    expect(records[1]!.reference).toEqual({ text: "plain ref" });
    expect(records[1]!.prompt).toEqual([{ role: "user", content: "Q2" }]);
  });
});

describe("errors and detection", () => {
  it("gives line-numbered errors for bad lines while the rest parses", async () => {
    const input = [
      JSON.stringify({ prompt: "p1", chosen: "a", rejected: "b" }),
      "",
      "{not json",
      JSON.stringify({ prompt: "p2", chosen: "a" }),
      JSON.stringify([1, 2]),
      JSON.stringify({ prompt: "p3", chosen: "a", rejected: 7 }),
      JSON.stringify({ prompt: "p4", chosen: "a", rejected: "b" }),
    ].join("\r\n");
    const { records, errors } = await collectImport(input, { source: "prefs.jsonl" });
    expect(records.map((r: ImportRecord) => [r.prompt, r.sourceLine, r.source])).toEqual([
      ["p1", 1, "prefs.jsonl"],
      ["p4", 7, "prefs.jsonl"],
    ]);
    expect(errors.map((e) => [e.line, e.reason.slice(0, 24)])).toEqual([
      [3, "invalid JSON: Expected p"],
      [4, "missing field 'rejected'"],
      [5, "expected a JSON object, "],
      [6, "field 'rejected' must be"],
    ]);
    expect(formatParseError(errors[1]!)).toBe("prefs.jsonl: line 4: missing field 'rejected'");
  });

  it("fixes the format per file and flags rows of another format", async () => {
    const { format, errors } = await collectImport(
      jsonl(
        { prompt: "p", responses: [{ model: "m", text: "t" }] },
        { prompt: "p", chosen: "a", rejected: "b" },
      ),
    );
    expect(format).toBe("native");
    expect(errors).toEqual([{ line: 2, reason: "record looks like trl, but this file was detected as native" }]);
  });

  it("honours an explicit format", async () => {
    const { errors } = await collectImport(jsonl({ prompt: "p", responses: [] }), { format: "trl" });
    expect(errors[0]!.reason).toBe("missing field 'chosen'");
  });

  it("reports an unrecognised first record and keeps detecting on later lines", async () => {
    const { format, records, errors } = await collectImport(jsonl({ foo: 1 }, { prompt: "p", chosen: "a", rejected: "b" }));
    expect(format).toBe("trl");
    expect(records).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/^unrecognised record \(fields: foo\)/) });
  });

  it("reports a broken element of a JSON array with its line and keeps the others", async () => {
    const text = `[\n {"instruction":"a","output":"1","generator":"g"},\n {"instruction":"b","output":2,"generator":"g"},\n {"instruction": oops},\n {"instruction":"c","output":"3","generator":"g"}\n]`;
    const { records, errors } = await collectImport(text);
    expect(records.map((r) => r.prompt)).toEqual(["a", "c"]);
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[0]!.reason).toBe("field 'output' must be a string, got a number");
    expect(errors[1]!.reason).toMatch(/^invalid JSON/);
  });

  it("streams: events arrive before the input ends", async () => {
    let released = false;
    async function* slow() {
      yield JSON.stringify({ prompt: "p", chosen: "a", rejected: "b" }) + "\n";
      await new Promise((r) => setTimeout(r, 5));
      released = true;
      yield JSON.stringify({ prompt: "q", chosen: "a", rejected: "b" }) + "\n";
    }
    const it = parseImport(slow());
    const first = await it.next();
    expect(first.value).toMatchObject({ ok: true });
    expect(released).toBe(false);
  });
});

describe("content keys", () => {
  it("are stable under whitespace/CRLF noise and equal for a string and its one-turn conversation", () => {
    expect(promptKey("Hello\r\nworld  ")).toBe(promptKey("Hello\nworld"));
    expect(promptKey("Hello")).toBe(promptKey([{ role: "user", content: "Hello" }]));
    expect(promptKey("Hello")).not.toBe(promptKey([{ role: "system", content: "Hello" }]));
    expect(promptKey("Hello")).toMatch(/^[0-9a-f]{64}$/);
    const pk = promptKey("Hello");
    expect(responseKey(pk, "m", "answer\n")).toBe(responseKey(pk, "m", "answer"));
    expect(responseKey(pk, "m", "answer")).not.toBe(responseKey(pk, "other", "answer"));
    expect(responseKey(pk, "m", "answer")).not.toBe(responseKey(promptKey("Hi"), "m", "answer"));
  });
});
