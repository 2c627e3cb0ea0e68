import { describe, expect, it } from "vitest";
import { CHAT_TURN_OVERHEAD_BYTES, renderJudgeMessages, renderJudgePrompt } from "./template";
import { byteLength, fitJudgeFields, truncateTurns, truncateUtf8 } from "./truncate";
import type { ChatTurn, JudgeItem } from "./types";

const longConversation = (turns: number, chars: number): ChatTurn[] =>
  Array.from({ length: turns }, (_, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content: `turn ${i}: ${"é".repeat(chars)}` }) as ChatTurn);

describe("the one truncation rule", () => {
  it("leaves inputs within the budget untouched", () => {
    const f = { prompt: "p", reference: "r", candidate: "c" };
    expect(fitJudgeFields(f, 1000)).toEqual(f);
  });

  it("shares the budget fairly: short fields keep everything, long ones are cut to equal shares keeping their head", () => {
    const f = fitJudgeFields({ prompt: "short", reference: "a".repeat(5000), candidate: "b".repeat(9000) }, 1005);
    expect(f.prompt).toBe("short");
    expect(byteLength(f.reference)).toBe(500);
    expect(byteLength(f.candidate)).toBe(500);
    expect(f.reference.startsWith("aaa")).toBe(true);
    expect(f.reference.endsWith(" …")).toBe(true);
  });

  it("keeps a long multi-turn conversation's END: oldest turns go first, the last user turn stays", () => {
    const turns = longConversation(21, 300); // ~13 kB, last turn is the user's (index 20)
    const kept = truncateTurns(turns, 3000, CHAT_TURN_OVERHEAD_BYTES);
    expect(kept.at(-1)!.content).toBe(turns.at(-1)!.content);
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.length).toBeLessThan(turns.length);
    expect(kept[0]!.content.startsWith("… turn ")).toBe(true);
    const firstKept = Number(/turn (\d+)/.exec(kept[0]!.content)![1]);
    expect(kept.slice(1).map((t) => t.content)).toEqual(turns.slice(firstKept + 1).map((t) => t.content));
    expect(kept.reduce((a, t) => a + byteLength(t.content) + CHAT_TURN_OVERHEAD_BYTES, 0)).toBeLessThanOrEqual(3000);
  });

  it("head-truncates the last turn when it alone exceeds the budget", () => {
    const kept = truncateTurns([{ role: "user", content: "x".repeat(10_000) }], 500);
    expect(kept).toHaveLength(1);
    expect(byteLength(kept[0]!.content)).toBeLessThanOrEqual(500);
  });

  it("never splits a UTF-8 character", () => {
    for (let n = 3; n < 40; n++) {
      const s = truncateUtf8("日本語のテキスト🐈".repeat(5), n);
      expect(byteLength(s)).toBeLessThanOrEqual(n);
      expect(s).not.toMatch(/\uFFFD/);
    }
  });

  it("gives the text and the chat renderers the same answer cuts, each within maxBytes", () => {
    const item: JudgeItem = { prompt: "Which is better?", turns: longConversation(15, 400).concat([{ role: "user", content: "Which is better?" }]), reference: "R".repeat(20_000), candidate: "C".repeat(30_000) };
    const text = renderJudgePrompt(item, { maxBytes: 8000 });
    expect(byteLength(text)).toBeLessThanOrEqual(8000);
    const messages = renderJudgeMessages(item, "verdict-word", { maxBytes: 8000 });
    const total = messages.reduce((a, m) => a + byteLength(m.content) + CHAT_TURN_OVERHEAD_BYTES, 0);
    expect(total).toBeLessThanOrEqual(8000 + CHAT_TURN_OVERHEAD_BYTES);
    expect(messages.at(-1)!.content).toMatch(/^### Prompt\nWhich is better\?\n### Reference\nR+ …\n### Candidate\nC+ …\n/);
    expect(messages.slice(1, -1).every((m) => m.role === "user" || m.role === "assistant")).toBe(true);
  });

  it("refuses a budget too small for any field", () => {
    expect(() => fitJudgeFields({ prompt: "p", reference: "r", candidate: "c" }, 10)).toThrow(RangeError);
    expect(() => renderJudgePrompt({ prompt: "p", reference: "r", candidate: "c" }, { maxBytes: 50 })).toThrow(/leaves no room/);
  });

  it("is linear: a 4 MB conversation is fitted in well under a second", () => {
    const turns = longConversation(2001, 1000);
    const t0 = performance.now();
    fitJudgeFields({ prompt: "", turns, reference: "r".repeat(1_000_000), candidate: "c".repeat(1_000_000) }, 16_000, CHAT_TURN_OVERHEAD_BYTES);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
