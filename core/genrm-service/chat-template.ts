/**
 * RL trainers send prompts after their chat template (OpenRLHF's `prompts` are templated strings).
 * To find such a prompt among imported ones, and to show the GenRM the question rather than template
 * markup, we recover the last user turn from the common templates. Best effort: text that matches no
 * known template is returned as is by `plainPrompt`.
 */

const TEMPLATES: RegExp[] = [
  // ChatML (Qwen, many fine-tunes): <|im_start|>user\n…<|im_end|>
  /<\|im_start\|>user\s*\n([\s\S]*?)<\|im_end\|>/g,
  // Llama 3: <|start_header_id|>user<|end_header_id|>\n\n…<|eot_id|>
  /<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)<\|eot_id\|>/g,
  // Gemma: <start_of_turn>user\n…<end_of_turn>
  /<start_of_turn>user\s*\n([\s\S]*?)<end_of_turn>/g,
  // DeepSeek V3/R1: <｜User｜>…<｜Assistant｜>
  /<｜User｜>([\s\S]*?)<｜Assistant｜>/g,
  // Llama 2 / Mistral: [INST] … [/INST]
  /\[INST\]([\s\S]*?)\[\/INST\]/g,
];

/** The last user turn of a chat-templated prompt, or null when no known template matches. */
export function lastUserTurn(text: string): string | null {
  // Every template above has a '<' or "[INST]": plain prompts skip the five scans.
  if (!text.includes("<") && !text.includes("[INST]")) return null;
  for (const re of TEMPLATES) {
    let last: string | null = null;
    for (const m of text.matchAll(re)) last = m[1]!;
    if (last !== null) return last.replace(/^<<SYS>>[\s\S]*?<<\/SYS>>\s*/, "").trim();
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
    const trimmed = out.trimEnd(); // the same characters as /\s+$/, without a regex scan from every blank
    for (const m of END_MARKERS) {
      if (trimmed.endsWith(m)) {
        out = trimmed.slice(0, -m.length);
        changed = true;
      }
    }
  }
  return out;
}
