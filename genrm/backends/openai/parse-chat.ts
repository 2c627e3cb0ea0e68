/**
 * Reading judgements out of `/v1/chat/completions` replies (vLLM's ChatCompletionResponse: choices[] of
 * {index, message: {role, content, reasoning?}, logprobs: {content: [{token, logprob, bytes,
 * top_logprobs: [{token, logprob, bytes}]}]} | null, finish_reason}).
 *
 *   logprobs mode   the first positions (at most LOGPROB_POSITIONS, so a leading "**" or quote is
 *                   skipped) are searched for one whose top_logprobs name a verdict; that position's
 *                   verdict tokens give the distribution, as for completions (parse.ts). Works with
 *                   the 5 top logprobs hosted APIs allow. Else the reply's text, else an ItemFailure.
 *   reasoning mode  each of the k sampled replies must end with a verdict line ("Verdict: better");
 *                   the distribution is the smoothed vote share (count + α) / (parsed + 3α). Fewer
 *                   than half the samples parseable → an ItemFailure ("unparseable_verdict").
 * Every scan is linear and bounded: a reply is read at most MAX_REPLY_CHARS from its end, lines are
 * matched by an anchored pattern without nested quantifiers.
 * Not here: HTTP and request policy (openai-backend.ts).
 */
import { BackendError, VERDICTS, type JudgeOutput, type Verdict, type VerdictProbs } from "../../types";
import { oneHot } from "../../verdicts";
import { parseChoices, probsFromTokenLogprobs, unparseable, verdictOfText } from "./parse";

/** Positions searched for the verdict token in logprobs mode. */
export const LOGPROB_POSITIONS = 4;
/** The tail of a reply searched for the verdict line (a reasoning reply can be long; the verdict ends it). */
export const MAX_REPLY_CHARS = 4096;
/** Default α of the vote smoothing. */
export const DEFAULT_VOTE_SMOOTHING = 0.5;

export interface ChatChoice {
  index: number;
  /** What the judge wrote (vLLM's `message.reasoning` first, when a reasoning parser split it off, then `content`). */
  text: string;
  /** `message.content` alone: where the verdict is. */
  content: string;
  /** [position][alternative] → (token, logprob) */
  positions: Array<Array<[string, unknown]>> | null;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Parses a whole chat completion body into its choices, ordered by `index`; BackendError("bad_response") when it is not one. */
export function parseChatBody(text: string, expectedChoices: number): ChatChoice[] {
  const choices = parseChoices(text, expectedChoices, (got) => `response has ${got} choices; ${expectedChoices} were asked for`);
  const out: Array<ChatChoice | undefined> = new Array(expectedChoices).fill(undefined);
  for (const c of choices as Array<Record<string, unknown> | null>) {
    const i = c?.index;
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= expectedChoices || out[i]) {
      throw new BackendError("bad_response", `choice index ${String(i)} is missing, out of range or repeated`);
    }
    const message = (c!.message ?? {}) as Record<string, unknown>;
    const content = str(message.content);
    // vLLM names it `reasoning` (older releases and some servers: `reasoning_content`).
    const thinking = str(message.reasoning) || str(message.reasoning_content);
    const lp = c!.logprobs as { content?: unknown } | null | undefined;
    let positions: ChatChoice["positions"] = null;
    if (lp && Array.isArray(lp.content)) {
      positions = (lp.content as unknown[]).slice(0, LOGPROB_POSITIONS).map((pos) => {
        const p = (pos ?? {}) as { token?: unknown; logprob?: unknown; top_logprobs?: unknown };
        const alts: Array<[string, unknown]> = Array.isArray(p.top_logprobs)
          ? (p.top_logprobs as Array<{ token?: unknown; logprob?: unknown } | null>).map((t) => [str(t?.token), t?.logprob])
          : [];
        // The sampled token is always part of the answer, even when the server lists it apart.
        if (typeof p.token === "string" && !alts.some(([t]) => t === p.token)) alts.push([p.token, p.logprob]);
        return alts;
      });
    }
    out[i] = { index: i, text: thinking ? `${thinking}\n\n${content}` : content, content, positions };
  }
  return out as ChatChoice[];
}

/** Logprobs mode: one choice → distribution, or an ItemFailure. */
export function outputFromChatLogprobs(choice: ChatChoice): JudgeOutput {
  for (const alts of choice.positions ?? []) {
    const p = probsFromTokenLogprobs(alts);
    if (p) return p;
  }
  const v = verdictOfText(choice.content);
  if (v) return oneHot(v);
  return unparseable(`the judge's reply ${JSON.stringify(choice.content.slice(0, 80))} names no verdict, and its top logprobs hold no verdict token`);
}

// "Verdict: better", "**Verdict:** Same", "verdict - worse.", "Final verdict: better" — anchored, bounded, no nesting.
const VERDICT_LINE = /^[\s*_#>`"'-]{0,8}(?:final\s{0,3})?verdict[\s*_`"'-]{0,4}[:=\-–][\s*_`"'-]{0,8}(better|same|worse)\b/i;

/**
 * The verdict a reasoning reply ends with: its last line that is a verdict line (only trailing blank
 * lines or closing markup may follow), or null. Linear: reads at most MAX_REPLY_CHARS from the end.
 */
export function verdictOfReply(reply: string): Verdict | null {
  const tail = reply.length > MAX_REPLY_CHARS ? reply.slice(reply.length - MAX_REPLY_CHARS) : reply;
  const lines = tail.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.length > 200) return null;
    const m = VERDICT_LINE.exec(line);
    if (m) return m[1]!.toLowerCase() as Verdict;
    // Only blank lines or closing markup (a code fence, a rule) may follow the verdict line.
    if (line.trim() !== "" && !/^[\s`*_\-=]{1,20}$/.test(line)) return null;
  }
  return null;
}

/** Smoothed vote shares: (count(v) + α) / (votes + 3α). */
export function probsFromVotes(votes: readonly Verdict[], alpha = DEFAULT_VOTE_SMOOTHING): VerdictProbs {
  if (!(alpha >= 0)) throw new RangeError("vote smoothing α must be >= 0");
  if (votes.length === 0 && alpha === 0) throw new RangeError("no votes to count");
  const counts: Record<Verdict, number> = { better: 0, same: 0, worse: 0 };
  for (const v of votes) counts[v]++;
  const total = votes.length + 3 * alpha;
  const out = {} as VerdictProbs;
  for (const v of VERDICTS) out[v] = (counts[v] + alpha) / total;
  return out;
}

/** Reasoning mode: the k sampled replies for one item → vote shares with the reasoning kept, or an ItemFailure. */
export function outputFromReasoning(choices: readonly ChatChoice[], alpha = DEFAULT_VOTE_SMOOTHING): JudgeOutput {
  const votes: Verdict[] = [];
  for (const c of choices) {
    const v = verdictOfReply(c.content) ?? (c.content.trim() === "" ? verdictOfReply(c.text) : null);
    if (v) votes.push(v);
  }
  if (votes.length === 0 || votes.length * 2 < choices.length) {
    const sample = choices[0]?.content ?? "";
    return unparseable(
      `${choices.length - votes.length} of ${choices.length} sampled replies end with no "Verdict: better|same|worse" line ` +
        `(first reply ends ${JSON.stringify(sample.slice(-80))})`,
    );
  }
  return { ...probsFromVotes(votes, alpha), reasoning: choices.map((c) => c.text) };
}
