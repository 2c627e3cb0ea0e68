import { describe, expect, it } from "vitest";
import { isItemFailure, type VerdictProbs } from "../../types";
import { outputFromChatLogprobs, outputFromReasoning, parseChatBody, probsFromVotes, verdictOfReply, MAX_REPLY_CHARS, type ChatChoice } from "./parse-chat";

const ln = Math.log;
const entry = (token: string, p: number) => ({ token, logprob: ln(p), bytes: [...Buffer.from(token)] });
const chatBody = (choices: unknown[]) => JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", model: "m", choices, usage: {} });
const choice = (index: number, content: string, logprobs: unknown = null, extra: Record<string, unknown> = {}) => ({
  index,
  message: { role: "assistant", content, reasoning: null, ...extra },
  logprobs,
  finish_reason: "stop",
});

describe("chat logprobs (vLLM's choices[].logprobs.content[].top_logprobs[{token, logprob, bytes}])", () => {
  it("reads the verdict distribution from 5 top logprobs, summing spellings and dropping distractors", () => {
    const top = [entry("better", 0.5), entry("Better", 0.1), entry("worse", 0.2), entry(" The", 0.1), entry("same", 0.1)];
    const [c] = parseChatBody(chatBody([choice(0, "better", { content: [{ ...entry("better", 0.5), top_logprobs: top }] })]), 1);
    const p = outputFromChatLogprobs(c!) as VerdictProbs;
    expect(p.better).toBeCloseTo(0.6 / 0.9, 12);
    expect(p.same).toBeCloseTo(0.1 / 0.9, 12);
    expect(p.worse).toBeCloseTo(0.2 / 0.9, 12);
  });

  it("skips leading markup: the first position whose top logprobs name a verdict counts", () => {
    const lp = { content: [{ ...entry("**", 0.9), top_logprobs: [entry("**", 0.9), entry('"', 0.05)] }, { ...entry("same", 0.7), top_logprobs: [entry("same", 0.7), entry("better", 0.3)] }] };
    const p = outputFromChatLogprobs(parseChatBody(chatBody([choice(0, "**same**", lp)]), 1)[0]!) as VerdictProbs;
    expect(p.same).toBeCloseTo(0.7, 12);
    expect(p.better).toBeCloseTo(0.3, 12);
  });

  it("counts the sampled token even when the server leaves it out of top_logprobs", () => {
    const lp = { content: [{ ...entry("worse", 0.4), top_logprobs: [entry(" The", 0.5)] }] };
    const p = outputFromChatLogprobs(parseChatBody(chatBody([choice(0, "worse", lp)]), 1)[0]!) as VerdictProbs;
    expect(p.worse).toBe(1);
  });

  it("falls back to the reply text, and fails the item (not the batch) when nothing names a verdict", () => {
    const [t] = parseChatBody(chatBody([choice(0, "Same.", null)]), 1);
    expect(outputFromChatLogprobs(t!)).toEqual({ better: 0, same: 1, worse: 0 });
    const [none] = parseChatBody(chatBody([choice(0, "I cannot judge this.", { content: [{ ...entry("I", 0.9), top_logprobs: [entry("I", 0.9)] }] })]), 1);
    const out = outputFromChatLogprobs(none!);
    expect(isItemFailure(out)).toBe(true);
    expect(out).toMatchObject({ error: { code: "unparseable_verdict" } });
  });

  it("refuses bodies that are not chat completions with bad_response", () => {
    expect(() => parseChatBody("<html>", 1)).toThrow(/not JSON/);
    expect(() => parseChatBody(JSON.stringify({ error: { message: "x" } }), 1)).toThrow(/no choices/);
    expect(() => parseChatBody(chatBody([choice(0, "a")]), 2)).toThrow(/1 choices; 2 were asked/);
    expect(() => parseChatBody(chatBody([choice(0, "a"), choice(0, "b")]), 2)).toThrow(/repeated/);
  });

  it("keeps vLLM's separated `reasoning` (and the older `reasoning_content`) with the reply", () => {
    const [a, b] = parseChatBody(chatBody([choice(0, "Verdict: better", null, { reasoning: "thinking A" }), choice(1, "Verdict: same", null, { reasoning_content: "thinking B" })]), 2);
    expect(a!.text).toBe("thinking A\n\nVerdict: better");
    expect(b!.text).toBe("thinking B\n\nVerdict: same");
  });
});

describe("verdict lines", () => {
  it.each([
    ["Long reasoning.\nVerdict: better", "better"],
    ["…\n**Verdict:** Same", "same"],
    ["…\nverdict - worse.", "worse"],
    ["…\nFinal verdict: BETTER\n\n", "better"],
    ["…\nVerdict: worse\n```", "worse"],
    ["> Verdict = same", "same"],
  ])("reads %j as %s", (reply, want) => {
    expect(verdictOfReply(reply)).toBe(want);
  });

  it.each([
    ["no verdict line", "The candidate is better than the reference."],
    ["a verdict followed by more prose", "Verdict: better\nActually, on reflection, I am unsure."],
    ["an unknown word", "Verdict: tie"],
    ["empty", ""],
    ["a verdict inside a long line", `${"x".repeat(300)} Verdict: better`],
  ])("finds none in %s", (_, reply) => {
    expect(verdictOfReply(reply)).toBeNull();
  });

  it("stays linear on adversarial input (no catastrophic backtracking) and reads only the reply's tail", () => {
    const nasty = [" ".repeat(200_000), "*".repeat(200_000), "verdict".repeat(50_000), ("Verdict:" + " ".repeat(100)).repeat(5000), "\n".repeat(500_000)];
    const t0 = performance.now();
    for (const s of nasty) verdictOfReply(s + "\nnot a verdict");
    expect(performance.now() - t0).toBeLessThan(500);
    const long = "x".repeat(MAX_REPLY_CHARS * 10) + "\nVerdict: same";
    expect(verdictOfReply(long)).toBe("same");
  });
});

describe("vote shares", () => {
  it("are (count + α) / (k + 3α) and sum to 1", () => {
    const p = probsFromVotes(["better", "better", "better", "same", "worse"], 0.5);
    expect(p.better).toBeCloseTo(3.5 / 6.5, 12);
    expect(p.same).toBeCloseTo(1.5 / 6.5, 12);
    expect(p.worse).toBeCloseTo(1.5 / 6.5, 12);
    expect(probsFromVotes(["same"], 0)).toEqual({ better: 0, same: 1, worse: 0 });
  });

  const sample = (content: string): ChatChoice => ({ index: 0, text: content, content, positions: null });

  it("keep every sample's reasoning; a minority of unreadable samples is outvoted", () => {
    const out = outputFromReasoning([sample("a\nVerdict: better"), sample("b\nVerdict: better"), sample("c, no verdict")], 1);
    expect(isItemFailure(out)).toBe(false);
    expect(out).toMatchObject({ better: 3 / 5, same: 1 / 5, worse: 1 / 5, reasoning: ["a\nVerdict: better", "b\nVerdict: better", "c, no verdict"] });
  });

  it("fail the item when fewer than half the samples name a verdict", () => {
    const out = outputFromReasoning([sample("Verdict: better"), sample("hmm"), sample("no idea")]);
    expect(out).toMatchObject({ error: { code: "unparseable_verdict", message: expect.stringMatching(/2 of 3 sampled replies/) } });
  });
});
