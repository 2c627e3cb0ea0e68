/**
 * Reading verdict distributions out of an OpenAI-compatible `/v1/completions` response.
 * The first generated token's `top_logprobs` (token → logprob) is filtered to the verdict words,
 * matched after trimming spaces, tokenizer space markers (GPT-2 "Ġ", SentencePiece "▁") and case;
 * spellings of the same word (" better", "better", " Better") are summed with logsumexp; the rest is
 * renormalised. With no verdict token present, the generated text is parsed instead (one-hot); when
 * neither names a verdict the item gets an ItemFailure ("unparseable_verdict"), never a made-up value.
 * Not here: HTTP (http.ts), chat replies (parse-chat.ts) and request policy (openai-backend.ts).
 */
import { BackendError, VERDICTS, type ItemFailure, type JudgeOutput, type Verdict, type VerdictProbs } from "../../types";
import { logSumExp, oneHot, probsFromLogprobs } from "../../verdicts";

/** The verdict a single token spells, or null. */
export function verdictOfToken(token: string): Verdict | null {
  const t = token.replace(/^[\sĠ▁]+/u, "").trim().toLowerCase();
  return (VERDICTS as readonly string[]).includes(t) ? (t as Verdict) : null;
}

/** Verdict distribution from one top_logprobs dict, or null when it names no verdict. */
export function probsFromTopLogprobs(top: Record<string, number>): VerdictProbs | null {
  return probsFromTokenLogprobs(Object.entries(top));
}

/** Verdict distribution from (token, logprob) pairs — a list keeps tokens that decode to the same text apart. */
export function probsFromTokenLogprobs(top: ReadonlyArray<readonly [string, unknown]>): VerdictProbs | null {
  const per: Record<Verdict, number[]> = { better: [], same: [], worse: [] };
  for (const [token, lp] of top) {
    const v = verdictOfToken(token);
    if (v && typeof lp === "number" && !Number.isNaN(lp)) per[v].push(lp);
  }
  const lps: Partial<Record<Verdict, number>> = {};
  for (const v of VERDICTS) if (per[v].length > 0) lps[v] = logSumExp(per[v]);
  const present = Object.values(lps).filter((x) => x > -Infinity);
  if (present.length === 0) return null;
  return probsFromLogprobs(lps);
}

/** The verdict the generated text starts with (after spaces/case), or null. */
export function verdictOfText(text: string): Verdict | null {
  const m = /^[\s"'`*]{0,16}(better|same|worse)\b/i.exec(text.slice(0, 64));
  return m ? (m[1]!.toLowerCase() as Verdict) : null;
}

interface Choice {
  index?: unknown;
  text?: unknown;
  logprobs?: { top_logprobs?: unknown } | null;
}

export function unparseable(message: string): ItemFailure {
  return { error: { code: "unparseable_verdict", message } };
}

/** One choice → distribution, or an ItemFailure when neither logprobs nor text name a verdict. */
export function outputFromChoice(choice: Choice): JudgeOutput {
  try {
    return probsFromChoice(choice);
  } catch (err) {
    if (err instanceof BackendError) return unparseable(err.message);
    throw err;
  }
}

/** One choice → distribution; throws BackendError("bad_response") when neither logprobs nor text name a verdict. */
export function probsFromChoice(choice: Choice): VerdictProbs {
  const tops = choice.logprobs?.top_logprobs;
  const first = Array.isArray(tops) ? tops[0] : undefined;
  if (first && typeof first === "object") {
    const p = probsFromTopLogprobs(first as Record<string, number>);
    if (p) return p;
  }
  const v = typeof choice.text === "string" ? verdictOfText(choice.text) : null;
  if (v) return oneHot(v);
  throw new BackendError(
    "bad_response",
    `choice ${String(choice.index)}: no verdict token in top_logprobs and text ${JSON.stringify(String(choice.text ?? "")).slice(0, 80)} names no verdict`,
  );
}

/**
 * The `choices` array of an OpenAI-style response body (completions or chat) holding exactly `expected`
 * entries; BackendError("bad_response") otherwise, `countMessage` saying what the count should have been.
 */
export function parseChoices(text: string, expected: number, countMessage: (got: number) => string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new BackendError("bad_response", `response is not JSON: ${text.slice(0, 80)}`, { cause: err });
  }
  const choices = (body as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) throw new BackendError("bad_response", "response has no choices array");
  if (choices.length !== expected) throw new BackendError("bad_response", countMessage(choices.length));
  return choices;
}

/**
 * Parses a whole response body for `n` prompts (one choice each), matching choices to prompts by
 * `choices[i].index`, not by position.
 */
export function parseCompletionsResponse(text: string, n: number): JudgeOutput[] {
  const choices = parseChoices(text, n, (got) => `response has ${got} choices for ${n} prompts`);
  const out: (JudgeOutput | undefined)[] = new Array(n).fill(undefined);
  for (const c of choices as Choice[]) {
    const i = c?.index;
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= n || out[i]) {
      throw new BackendError("bad_response", `choice index ${String(i)} is missing, out of range or repeated`);
    }
    out[i] = outputFromChoice(c);
  }
  return out as JudgeOutput[];
}
