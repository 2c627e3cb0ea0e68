import { describe, expect, it } from "vitest";
import { lastUserTurn, plainPrompt, stripEndMarkers } from "./chat-template";
import { responseOf } from "./openrlhf-reward";
import { replyStatus } from "./judge-requests";

describe("chat templates", () => {
  it("recovers the last user turn from common templates", () => {
    expect(lastUserTurn("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n")).toBe("Hi there");
    expect(lastUserTurn("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")).toBe("What is 2+2?");
    expect(lastUserTurn("<s>[INST] <<SYS>>\nbe nice\n<</SYS>>\n\nFirst [/INST] ok </s><s>[INST] Second [/INST]")).toBe("Second");
    expect(lastUserTurn("<bos><start_of_turn>user\nGemma?<end_of_turn>\n<start_of_turn>model\n")).toBe("Gemma?");
    expect(lastUserTurn("plain text")).toBeNull();
    expect(plainPrompt("plain text")).toBe("plain text");
  });

  it("strips end-of-sequence and padding markers from the end only", () => {
    expect(stripEndMarkers("Answer.<|im_end|>")).toBe("Answer.");
    expect(stripEndMarkers("Answer.</s><pad><pad>")).toBe("Answer.");
    expect(stripEndMarkers("a </s> in the middle")).toBe("a </s> in the middle");
    expect(stripEndMarkers("keeps trailing space ")).toBe("keeps trailing space ");
  });
});

describe("OpenRLHF query splitting", () => {
  it("takes the query minus its prompt, also when padding precedes the prompt", () => {
    expect(responseOf("PROMPT answer", "PROMPT ")).toEqual({ response: "answer" });
    expect(responseOf("<pad><pad>PROMPT answer<|endoftext|>", "PROMPT ")).toEqual({ response: "answer" });
    expect(responseOf("something else", "PROMPT")).toMatchObject({ error: { status: 422 } });
  });
});

describe("reply status", () => {
  it("is 200 when any item was judged, else the items' common status or 422", () => {
    expect(replyStatus([{ ok: true }, { ok: false, status: 413 }])).toBe(200);
    expect(replyStatus([{ ok: false, status: 413 }, { ok: false, status: 413 }])).toBe(413);
    expect(replyStatus([{ ok: false, status: 413 }, { ok: false, status: 422 }])).toBe(422);
  });
});
