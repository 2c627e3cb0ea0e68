/**
 * Response text for simulated rollouts: the prompt's content cut or repeated to a target length, then
 * filler ("verbosity padding") to the final length. Strings are sliced from long pre-built ones, so
 * producing millions of responses stays cheap.
 */

export interface PromptSource {
  prompt: string;
  /** an answer whose text seeds the content part (e.g. an AlpacaEval model output) */
  response: string;
  /** known right answers to the prompt (the reward-driven policy answers with one when it is correct) */
  right?: readonly string[];
  /** known wrong answers (… and with one of these when it is not) */
  wrong?: readonly string[];
}

/**
 * Chatty greetings and sign-offs the reward-driven policy can wrap its answer in: they add length and
 * nothing else, the verbosity human raters are known to reward (and the kind a length-biased judge
 * inherits). An assistant's chattiness comes as both: "Sure! … Hope this helps!".
 */
export const GREETINGS: readonly string[] = ["Great question!", "Sure!", "Happy to help!", "Good one.", "Let me think."];

export const PLEASANTRIES: readonly string[] = [
  "Hope this helps!",
  "Let me know if you need more.",
  "Glad to help.",
  "I am quite sure.",
  "Happy to explain further.",
  "Thanks for asking!",
];

const FILLER = [
  "It is worth emphasising that this point deserves careful consideration. ",
  "To elaborate further, let us restate the key idea in slightly different words. ",
  "In summary, as mentioned above, the answer follows from the reasoning given. ",
  "Additionally, one might note that there are many perspectives on this topic. ",
  "Furthermore, it is important to keep in mind the broader context here. ",
  "Let me also add a brief overview of the considerations discussed so far. ",
];

const SYNTHETIC_CONTENT =
  "First, identify what the question asks. Then work through the relevant facts step by step, " +
  "checking each intermediate result. The key observation is that the quantities involved are " +
  "related, so one can be computed from the other. Finally, state the answer clearly and verify it. ";

/** longest content or padding piece; responses longer than 2 × this are not needed (maxLength caps them) */
const MAX_PIECE = 65_536;

function longText(seed: string, size: number): string {
  if (seed.length === 0) seed = SYNTHETIC_CONTENT;
  const unit = seed.endsWith("\n") ? seed : `${seed}\n\n`;
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const fillerText = longText(FILLER.join(""), MAX_PIECE * 2);

// Long per-prompt texts are shared by every run over the same sources array (benchmarks run hundreds).
const sharedCaches = new WeakMap<readonly PromptSource[], Map<number, string>>();

export class ResponseWriter {
  private readonly cache: Map<number, string>;

  constructor(private readonly sources: readonly PromptSource[]) {
    let c = sharedCaches.get(sources);
    if (!c) sharedCaches.set(sources, (c = new Map()));
    this.cache = c;
  }

  /** content of `contentLength` chars followed by `padLength` chars of filler; total = their sum */
  write(sourceIndex: number, contentLength: number, padLength: number, padOffset: number): string {
    let body = this.cache.get(sourceIndex);
    if (body === undefined) {
      body = longText(this.sources[sourceIndex]?.response ?? SYNTHETIC_CONTENT, MAX_PIECE);
      this.cache.set(sourceIndex, body);
    }
    const c = Math.min(contentLength, MAX_PIECE);
    const p = Math.min(padLength, MAX_PIECE);
    const off = padOffset % MAX_PIECE;
    return p > 0 ? body.slice(0, c) + fillerText.slice(off, off + p) : body.slice(0, c);
  }
}

export function syntheticPrompts(count: number): PromptSource[] {
  return Array.from({ length: count }, (_, i) => ({
    prompt: `Simulated task #${i + 1}: explain and solve problem ${i + 1}.`,
    response: `Answer to task #${i + 1}. ${SYNTHETIC_CONTENT}`,
  }));
}
