/**
 * RL trainers send prompts after their chat template (OpenRLHF's `prompts` are templated strings).
 * To find such a prompt among imported ones, and to show the GenRM the question rather than template
 * markup, we recover the last user turn from the common templates. Best effort: text that matches no
 * known template is returned as is by `plainPrompt`.
 */

/**
 * Each template as (opening marker, what must follow it, closing marker). Scanned with indexOf, never a
 * backtracking regex: prompts come from RL policies, which can emit any text (a collapse into a long run
 * of whitespace, thousands of unclosed markers), and a regex like `user\s*([\s\S]*?)<\|eot_id\|>` is
 * quadratic on such input. Every scan below moves forward only, so the cost is linear in the text.
 *   afterOpen "newline": the opening is followed by spaces that include a line break; the turn starts after
 *   the last line break of that run (what `user\s*\n` matched); "space": after all spaces; "none": at once.
 */
interface Template {
  open: string;
  afterOpen: "newline" | "space" | "none";
  close: string;
}

const TEMPLATES: Template[] = [
  // ChatML (Qwen, many fine-tunes): <|im_start|>user\n…<|im_end|>
  { open: "<|im_start|>user", afterOpen: "newline", close: "<|im_end|>" },
  // Llama 3: <|start_header_id|>user<|end_header_id|>\n\n…<|eot_id|>
  { open: "<|start_header_id|>user<|end_header_id|>", afterOpen: "space", close: "<|eot_id|>" },
  // Gemma: <start_of_turn>user\n…<end_of_turn>
  { open: "<start_of_turn>user", afterOpen: "newline", close: "<end_of_turn>" },
  // DeepSeek V3/R1: <｜User｜>…<｜Assistant｜>
  { open: "<｜User｜>", afterOpen: "none", close: "<｜Assistant｜>" },
  // Llama 2 / Mistral: [INST] … [/INST]
  { open: "[INST]", afterOpen: "none", close: "[/INST]" },
];

const isSpace = (c: string) => c !== "" && c.trim() === "";

/** Where the turn starts after an opening marker ending at `from`, or -1 when the template's rule fails. */
function turnStart(text: string, from: number, rule: Template["afterOpen"]): number {
  if (rule === "none") return from;
  let i = from;
  let lastNewline = -1;
  while (i < text.length && isSpace(text[i]!)) {
    if (text[i] === "\n") lastNewline = i;
    i++;
  }
  if (rule === "space") return i;
  return lastNewline < 0 ? -1 : lastNewline + 1;
}

/** The last complete turn of one template (non-overlapping, left to right, as a global regex would find them). */
function lastTurnOf(text: string, t: Template): string | null {
  let last: string | null = null;
  let pos = 0;
  for (;;) {
    const open = text.indexOf(t.open, pos);
    if (open < 0) return last;
    const start = turnStart(text, open + t.open.length, t.afterOpen);
    if (start < 0) {
      pos = open + 1;
      continue;
    }
    const close = text.indexOf(t.close, start);
    // No closing marker after this opening: none after any later opening either.
    if (close < 0) return last;
    last = text.slice(start, close);
    pos = close + t.close.length;
  }
}

/** Llama 2 puts the system prompt inside the first user turn: `<<SYS>>…<</SYS>>` then the question. */
function withoutSystemBlock(turn: string): string {
  if (!turn.startsWith("<<SYS>>")) return turn;
  const end = turn.indexOf("<</SYS>>");
  return end < 0 ? turn : turn.slice(end + "<</SYS>>".length);
}

/** The last user turn of a chat-templated prompt, or null when no known template matches. */
export function lastUserTurn(text: string): string | null {
  // Every template above has a '<' or "[INST]": plain prompts skip the scans.
  if (!text.includes("<") && !text.includes("[INST]")) return null;
  for (const t of TEMPLATES) {
    const last = lastTurnOf(text, t);
    if (last !== null) return withoutSystemBlock(last).trim();
  }
  return null;
}

/** The prompt as the GenRM should read it: the user turn when templated, else the text itself. */
export function plainPrompt(text: string): string {
  return lastUserTurn(text) ?? text;
}

/** End-of-sequence and padding markers a decoded rollout may end with (removed from responses). */
const END_MARKERS = ["<|endoftext|>", "<|im_end|>", "</s>", "<|eot_id|>", "<|end_of_text|>", "<end_of_turn>", "<eos>", "<｜end▁of▁sentence｜>", "<pad>", "[PAD]", "<|end|>"];

export function stripEndMarkers(text: string): string {
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    const trimmed = out.trimEnd(); // `\s+$` would be quadratic on a long run of spaces followed by text
    for (const m of END_MARKERS) {
      if (trimmed.endsWith(m)) {
        out = trimmed.slice(0, -m.length);
        changed = true;
      }
    }
  }
  return out;
}
