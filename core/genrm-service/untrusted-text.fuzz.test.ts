/**
 * Adversarial text through every parser that sees model output or prompts: long whitespace runs, unclosed
 * chat markers, deep nesting. Each call must finish in bounded time (the old `/\s+$/` trim took minutes
 * on 200k spaces followed by one letter), and the template scanner must agree with the regexes it
 * replaced on small random inputs (where their quadratic cost does not matter).
 */
import { describe, expect, it } from "vitest";
import { lastUserTurn, stripEndMarkers } from "./chat-template";
import { responseOf } from "./openrlhf-reward";
import { parseHhDialogue } from "../formats/parse-hh-rlhf";
import { detectFormat } from "../formats/detect-format";
import { estimateTokens } from "../datasets/estimate-tokens";
import { renderMarkdown } from "../render/render-markdown";
import { verdictOfText, verdictOfToken } from "../../genrm/backends/openai/parse";
import { rng } from "../../genrm/testing/random";

const N = 1 << 20; // 1 MiB of characters per input
const ws = (n: number) => " \t\n\r".repeat(Math.ceil(n / 4)).slice(0, n);

const INPUTS: Record<string, string> = {
  "whitespace then a letter": ws(N) + "x",
  "whitespace only": ws(N),
  "unclosed ChatML openings": "<|im_start|>user\n".repeat(N / 17),
  "unclosed Llama 3 opening + whitespace": "<|start_header_id|>user<|end_header_id|>" + ws(N) + "x",
  "ChatML opening + spaces without newline": ("<|im_start|>user" + " ".repeat(64)).repeat(N / 80),
  "unclosed [INST]": "[INST]".repeat(N / 6),
  "alternating markers": "[INST]<|im_start|>user\n<start_of_turn>user\n<｜User｜>".repeat(N / 64),
  "end markers with spaces": "</s>   <pad>\n".repeat(N / 12),
  "deep brackets": "[".repeat(N / 2) + "]".repeat(N / 2),
  "deep quotes": "> ".repeat(N / 2),
  "deep lists": Array.from({ length: 2000 }, (_, i) => " ".repeat(i * 2) + "- x").join("\n"),
  "emphasis soup": "*_".repeat(N / 2),
  "hh speakers": "\n\nHuman:".repeat(N / 9) + " x" + ws(N / 2),
};

/** Milliseconds one call takes (best of two, so a scheduling hiccup on a shared machine does not fail it). */
function timed(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const BOUND_MS = 1500; // generous for 1 MiB on a loaded 2-core machine; the quadratic versions take minutes

describe("untrusted text is processed in linear time", () => {
  for (const [name, text] of Object.entries(INPUTS)) {
    it(`template, splitting, parsers and token count: ${name}`, () => {
      expect(timed(() => lastUserTurn(text))).toBeLessThan(BOUND_MS);
      expect(timed(() => stripEndMarkers(text))).toBeLessThan(BOUND_MS);
      expect(timed(() => responseOf(text, "x"))).toBeLessThan(BOUND_MS);
      expect(timed(() => responseOf(text, text.slice(0, 1000) + "#"))).toBeLessThan(BOUND_MS);
      expect(timed(() => estimateTokens(text))).toBeLessThan(BOUND_MS);
      expect(timed(() => verdictOfText(text))).toBeLessThan(BOUND_MS);
      expect(timed(() => verdictOfToken(text))).toBeLessThan(BOUND_MS);
      expect(timed(() => detectFormat({ chosen: text }))).toBeLessThan(BOUND_MS);
      expect(
        timed(() => {
          try {
            parseHhDialogue(text, "chosen");
          } catch {
            /* not a dialogue: fine, it only has to return quickly */
          }
        }),
      ).toBeLessThan(BOUND_MS);
    });
  }

  it("markdown rendering of a runaway answer stays bounded (cut at its character limit)", () => {
    for (const name of ["deep brackets", "deep quotes", "deep lists", "emphasis soup", "whitespace then a letter"]) {
      expect(timed(() => renderMarkdown(INPUTS[name]!)), name).toBeLessThan(BOUND_MS * 4);
    }
  });
});

// The regexes the scanner replaced: the reference for what "last user turn" means.
const OLD_TEMPLATES = [
  /<\|im_start\|>user\s*\n([\s\S]*?)<\|im_end\|>/g,
  /<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)<\|eot_id\|>/g,
  /<start_of_turn>user\s*\n([\s\S]*?)<end_of_turn>/g,
  /<｜User｜>([\s\S]*?)<｜Assistant｜>/g,
  /\[INST\]([\s\S]*?)\[\/INST\]/g,
];
function oldLastUserTurn(text: string): string | null {
  for (const re of OLD_TEMPLATES) {
    let last: string | null = null;
    for (const m of text.matchAll(re)) last = m[1]!;
    if (last !== null) return last.replace(/^<<SYS>>[\s\S]*?<<\/SYS>>\s*/, "").trim();
  }
  return null;
}
function oldStripEndMarkers(text: string): string {
  const END = ["<|endoftext|>", "<|im_end|>", "</s>", "<|eot_id|>", "<|end_of_text|>", "<end_of_turn>", "<eos>", "<｜end▁of▁sentence｜>", "<pad>", "[PAD]", "<|end|>"];
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    const trimmed = out.replace(/\s+$/, "");
    for (const m of END) {
      if (trimmed.endsWith(m)) {
        out = trimmed.slice(0, -m.length);
        changed = true;
      }
    }
  }
  return out;
}

const PIECES = [
  "<|im_start|>user", "<|im_end|>", "<|start_header_id|>user<|end_header_id|>", "<|eot_id|>", "<start_of_turn>user",
  "<end_of_turn>", "<｜User｜>", "<｜Assistant｜>", "[INST]", "[/INST]", "<<SYS>>", "<</SYS>>", "</s>", "<pad>",
  "\n", " ", "\t", "\n\n", "hi", "Q?", "x",
];

describe("the linear scanner means what the regexes meant", () => {
  it("agrees with them on 20,000 random marker soups", () => {
    const rand = rng(15);
    for (let n = 0; n < 20_000; n++) {
      const len = 1 + Math.floor(rand() * 14);
      const text = Array.from({ length: len }, () => PIECES[Math.floor(rand() * PIECES.length)]).join("");
      expect(lastUserTurn(text), JSON.stringify(text)).toBe(oldLastUserTurn(text));
      expect(stripEndMarkers(text), JSON.stringify(text)).toBe(oldStripEndMarkers(text));
    }
  });
});
