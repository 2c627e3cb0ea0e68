import { describe, expect, it } from "vitest";
import { BackendError, isItemFailure, type VerdictProbs } from "../../types";
import { parseCompletionsResponse, probsFromChoice, probsFromTopLogprobs, verdictOfText, verdictOfToken } from "./parse";

const ln = Math.log;

describe("verdictOfToken", () => {
  it("matches verdict words after trimming spaces, tokenizer space markers and case", () => {
    expect(verdictOfToken(" better")).toBe("better");
    expect(verdictOfToken("better")).toBe("better");
    expect(verdictOfToken(" Same ")).toBe("same");
    expect(verdictOfToken("ĠWorse")).toBe("worse");
    expect(verdictOfToken("▁better")).toBe("better");
    expect(verdictOfToken(" bet")).toBeNull();
    expect(verdictOfToken(" betterment")).toBeNull();
    expect(verdictOfToken(" The")).toBeNull();
  });
});

describe("probsFromTopLogprobs", () => {
  it("keeps the verdict tokens and renormalises over them", () => {
    const p = probsFromTopLogprobs({ " better": ln(0.5), " same": ln(0.2), " worse": ln(0.1), " The": ln(0.2) })!;
    expect(p.better).toBeCloseTo(0.625, 12);
    expect(p.same).toBeCloseTo(0.25, 12);
    expect(p.worse).toBeCloseTo(0.125, 12);
  });

  it("sums spellings of the same word with logsumexp", () => {
    const p = probsFromTopLogprobs({ " better": ln(0.3), better: ln(0.1), " Better": ln(0.1), " worse": ln(0.5) })!;
    expect(p.better).toBeCloseTo(0.5, 12);
    expect(p.worse).toBeCloseTo(0.5, 12);
    expect(p.same).toBe(0);
  });

  it("returns null when no verdict is present", () => {
    expect(probsFromTopLogprobs({ " The": -0.1, "\n": -3 })).toBeNull();
    expect(probsFromTopLogprobs({})).toBeNull();
  });
});

describe("text fallback", () => {
  it("reads the verdict the text starts with", () => {
    expect(verdictOfText(" Better")).toBe("better");
    expect(verdictOfText("worse, because…")).toBe("worse");
    expect(verdictOfText('"same"')).toBe("same");
    expect(verdictOfText(" The candidate is better")).toBeNull();
  });

  it("is used when top_logprobs hold no verdict, or logprobs are missing", () => {
    expect(probsFromChoice({ index: 0, text: " worse", logprobs: { top_logprobs: [{ " The": -0.1 }] } })).toEqual({ better: 0, same: 0, worse: 1 });
    expect(probsFromChoice({ index: 0, text: " same", logprobs: null })).toEqual({ better: 0, same: 1, worse: 0 });
  });

  it("fails with bad_response when neither names a verdict", () => {
    expect(() => probsFromChoice({ index: 3, text: " Hmm", logprobs: { top_logprobs: [{ " Hmm": -0.1 }] } })).toThrow(BackendError);
  });
});

describe("parseCompletionsResponse", () => {
  const choice = (index: number, better: number) => ({
    index,
    text: " better",
    logprobs: { tokens: [" better"], token_logprobs: [ln(better)], top_logprobs: [{ " better": ln(better), " worse": ln(1 - better) }], text_offset: [0] },
    finish_reason: "length",
    stop_reason: null,
  });

  it("matches choices to prompts by index, not position", () => {
    const body = JSON.stringify({ object: "text_completion", choices: [choice(1, 0.9), choice(0, 0.2)] });
    const [a, b] = parseCompletionsResponse(body, 2) as VerdictProbs[];
    expect(a!.better).toBeCloseTo(0.2, 12);
    expect(b!.better).toBeCloseTo(0.9, 12);
  });

  it("gives a choice that names no verdict an unparseable_verdict failure, the others their distribution", () => {
    const none = { index: 1, text: " Hmm", logprobs: { top_logprobs: [{ " Hmm": -0.1 }] }, finish_reason: "length" };
    const [a, b] = parseCompletionsResponse(JSON.stringify({ choices: [choice(0, 0.7), none] }), 2);
    expect(isItemFailure(a)).toBe(false);
    expect(isItemFailure(b)).toBe(true);
    expect((b as { error: { code: string } }).error.code).toBe("unparseable_verdict");
  });

  it.each([
    ["not JSON", "<html>oops", 1],
    ["no choices", JSON.stringify({ object: "error" }), 1],
    ["too few choices", JSON.stringify({ choices: [choice(0, 0.5)] }), 2],
    ["a repeated index", JSON.stringify({ choices: [choice(0, 0.5), choice(0, 0.5)] }), 2],
    ["an index out of range", JSON.stringify({ choices: [choice(5, 0.5)] }), 1],
  ])("fails with bad_response on %s", (_, body, n) => {
    try {
      parseCompletionsResponse(body, n);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).code).toBe("bad_response");
    }
  });
});
