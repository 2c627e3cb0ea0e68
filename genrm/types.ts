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

/** One judgement request: is `candidate` better than, the same as, or worse than `reference` for `prompt`? */
export interface JudgeItem {
  prompt: string;
  reference: string;
  candidate: string;
}

export interface JudgeOptions {
  signal?: AbortSignal;
}

/**
 * Every backend (embedded ONNX, OpenAI-compatible server, test fakes) implements this and passes the
 * shared conformance suite. `judge` returns one distribution per item, in input order, in ONE order
 * (candidate judged against reference as given); both-order debiasing lives above backends.
 */
export interface JudgeBackend {
  /** "embedded" | "openai" | a test name */
  readonly kind: string;
  /** Identifies the weights being served (e.g. model version id); part of every cache key. */
  readonly modelId: string;
  /** The template version this backend's prompts are rendered with. */
  readonly templateVersion: string;
  judge(items: JudgeItem[], options?: JudgeOptions): Promise<VerdictProbs[]>;
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
