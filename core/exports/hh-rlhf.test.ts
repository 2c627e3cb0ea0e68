import { describe, expect, it } from "vitest";
import { parseHhRlhfRecord } from "../formats/parse-hh-rlhf";
import { toHhRow } from "./hh-rlhf";

describe("HH-RLHF rows", () => {
  it("writes the whole dialogue, chosen first, and leaves ties out", () => {
    const a = { model: "m1", text: "Blue." };
    const b = { model: "m2", text: "No idea." };
    expect(toHhRow({ prompt: "Name a colour.", a, b, verdict: "b" })).toEqual({
      chosen: "\n\nHuman: Name a colour.\n\nAssistant: No idea.",
      rejected: "\n\nHuman: Name a colour.\n\nAssistant: Blue.",
    });
    expect(toHhRow({ prompt: "x", a, b, verdict: "tie" })).toBeNull();
  });

  it("renders a conversation turn by turn, a system message opening the first human turn", () => {
    const prompt = [
      { role: "system" as const, content: "Be brief." },
      { role: "user" as const, content: "Hi!" },
      { role: "assistant" as const, content: "Hello." },
      { role: "user" as const, content: "Say bye." },
    ];
    const row = toHhRow({ prompt, a: { model: "m1", text: "Bye." }, b: { model: "m2", text: "No." }, verdict: "a" })!;
    expect(row.chosen).toBe("\n\nHuman: Be brief.\n\nHi!\n\nAssistant: Hello.\n\nHuman: Say bye.\n\nAssistant: Bye.");
    expect(row.rejected.endsWith("\n\nAssistant: No.")).toBe(true);
    // The importer reads the row back: same dialogue, chosen answer first.
    const back = parseHhRlhfRecord(row, 1);
    expect(back.responses.map((r) => r.text)).toEqual(["Bye.", "No."]);
    expect(back.prompt).toEqual([{ role: "user", content: "Be brief.\n\nHi!" }, prompt[2], prompt[3]]);
  });
});
