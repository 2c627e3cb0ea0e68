/**
 * The GenRM contract shared by every backend and every caller.
 * Pure types only: nothing app-specific (no Prisma, no Next) may be imported into genrm/.
 */

export const VERDICTS = ["better", "same", "worse"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A distribution over the three verdict tokens; sums to 1. */
export interface VerdictProbs {
  better: number;
  same: number;
  worse: number;
}

/** One turn of a conversation (multi-turn prompts, e.g. HH-RLHF dialogues). */
export interface ChatTurn {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One judgement request: is `candidate` better than, the same as, or worse than `reference` for `prompt`? */
export interface JudgeItem {
  /** The prompt as text (a conversation flattened): what completions-style backends render and caches key. */
  prompt: string;
  /**
   * The same prompt as a conversation, when it is one (its last turn is the user's). Chat backends send
   * these as turns; text backends ignore them. Must say what `prompt` says: caches key on `prompt` only.
   */
  turns?: ChatTurn[];
  reference: string;
  candidate: string;
}

export interface JudgeOptions {
  signal?: AbortSignal;
  /**
   * The caller will show the judge's reasoning: caches (which keep probabilities only) are bypassed so
   * reasoning backends return it. Backends without reasoning ignore it.
   */
  includeReasoning?: boolean;
  /**
   * judgeCacheKey of each item (same order) for this backend's model id and template version, when a
   * cache in front already computed them: a cache behind it uses these instead of hashing the texts again.
   */
  cacheKeys?: readonly string[];
}

/** Why one item got no judgement while the rest of its batch did. */
export type ItemErrorCode = "unparseable_verdict";

/** One item the backend could not judge (e.g. the judge's reply names no verdict). Never a 0 reward. */
export interface ItemFailure {
  error: { code: ItemErrorCode; message: string };
}

/** One item's judgement in one order: the distribution, plus what a reasoning judge wrote (one text per sample). */
export interface Judgement extends VerdictProbs {
  reasoning?: string[];
}

/** What a backend returns per item: a judgement, or a per-item failure. */
export type JudgeOutput = Judgement | ItemFailure;

export function isItemFailure(o: unknown): o is ItemFailure {
  return typeof o === "object" && o !== null && typeof (o as ItemFailure).error === "object" && (o as ItemFailure).error !== null;
}

/**
 * Every backend (embedded ONNX, OpenAI-compatible server, test fakes) implements this and passes the
 * shared conformance suite. `judge` returns one output per item, in input order, in ONE order
 * (candidate judged against reference as given); both-order debiasing lives above backends. An output
 * is a distribution, or an ItemFailure for an item the judge answered unusably (the others still
 * count); what concerns the whole call (server down, timeout) throws a BackendError instead.
 */
export interface JudgeBackend {
  /** "embedded" | "openai" | a test name */
  readonly kind: string;
  /** Identifies the weights being served (e.g. model version id); part of every cache key. */
  readonly modelId: string;
  /** The template version this backend's prompts are rendered with. */
  readonly templateVersion: string;
  judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]>;
  close?(): Promise<void>;
}

export type BackendErrorCode = "timeout" | "unreachable" | "bad_response" | "invalid_input" | "overloaded";

/** The one error type backends throw; callers map it (e.g. to HTTP 503 / 422). */
export class BackendError extends Error {
  constructor(
    readonly code: BackendErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BackendError";
  }
}
