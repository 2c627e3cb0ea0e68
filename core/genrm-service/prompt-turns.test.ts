import { describe, expect, it } from "vitest";
import { renderJudgeMessages } from "../../genrm/template";
import { parseHhDialogue } from "../formats/parse-hh-rlhf";
import { judgeTurns } from "./prompt-turns";

describe("stored conversations as judge turns", () => {
  it("keeps an HH-RLHF dialogue's turns, which chat judges then receive as turns", () => {
    const dialogue = parseHhDialogue("\n\nHuman: Hi, can you help me bake?\n\nAssistant: Sure, what?\n\nHuman: Bread, please.\n\nAssistant: Mix flour…", "chosen");
    const turns = judgeTurns(dialogue.slice(0, -1));
    expect(turns).toEqual([
      { role: "user", content: "Hi, can you help me bake?" },
      { role: "assistant", content: "Sure, what?" },
      { role: "user", content: "Bread, please." },
    ]);
    const messages = renderJudgeMessages({ prompt: "user: …", turns, reference: "r", candidate: "c" }, "verdict-word");
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(messages[3]!.content.startsWith("### Prompt\nBread, please.\n")).toBe(true);
  });

  it.each([
    ["no turns", null],
    ["a plain prompt", [{ role: "user", content: "one turn" }]],
    ["ending with the assistant", [{ role: "user", content: "a" }, { role: "assistant", content: "b" }]],
    ["an unknown role", [{ role: "tool", content: "a" }, { role: "user", content: "b" }]],
    ["a non-string content", [{ role: "user", content: 1 }, { role: "user", content: "b" }]],
  ])("gives nothing for %s", (_, stored) => {
    expect(judgeTurns(stored)).toBeUndefined();
  });
});
