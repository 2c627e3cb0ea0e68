/**
 * In-process test backends. `DeterministicBackend` judges from text hashes (scoring.ts) with
 * configurable position/length bias and latency; `ZeroCostBackend` answers a constant at once, so a
 * benchmark measures only the layers above it. Neither is a model; never use them to score real data.
 */
import { TEMPLATE_VERSION } from "../../template";
import { BackendError, type JudgeBackend, type JudgeItem, type JudgeOptions, type VerdictProbs } from "../../types";
import { sleep } from "../../concurrency";
import { fakeVerdictProbs, type FakeScoringOptions } from "./scoring";

export interface DeterministicBackendOptions extends FakeScoringOptions {
  /** Default "deterministic" (plus the salt, if any). */
  modelId?: string;
  /** Delay per judge() call, ms. Default 0. */
  latencyMs?: number;
  /** Items with more UTF-16 characters than this (all fields together) are refused with "invalid_input". Default: no limit. */
  maxInputChars?: number;
}

export class DeterministicBackend implements JudgeBackend {
  readonly kind = "deterministic";
  readonly modelId: string;
  readonly templateVersion = TEMPLATE_VERSION;
  /** judge() calls received / items judged — tests count them. */
  calls = 0;
  itemsJudged = 0;

  constructor(readonly options: DeterministicBackendOptions = {}) {
    this.modelId = options.modelId ?? (options.salt ? `deterministic:${options.salt}` : "deterministic");
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<VerdictProbs[]> {
    this.calls++;
    if (options?.signal?.aborted) throw options.signal.reason;
    if (this.options.latencyMs) await sleep(this.options.latencyMs, options?.signal);
    const limit = this.options.maxInputChars;
    return items.map((item, i) => {
      if (typeof item?.prompt !== "string" || typeof item.reference !== "string" || typeof item.candidate !== "string") {
        throw new BackendError("invalid_input", `item ${i}: prompt, reference and candidate must be strings`);
      }
      if (limit !== undefined && item.prompt.length + item.reference.length + item.candidate.length > limit) {
        throw new BackendError("invalid_input", `item ${i} is longer than ${limit} characters`);
      }
      this.itemsJudged++;
      return fakeVerdictProbs(item, this.options);
    });
  }
}

/** Constant answers, no work: measures the overhead of whatever wraps it. */
export class ZeroCostBackend implements JudgeBackend {
  readonly kind = "zero-cost";
  readonly templateVersion = TEMPLATE_VERSION;
  calls = 0;

  constructor(
    readonly modelId = "zero-cost",
    private readonly probs: VerdictProbs = { better: 0.4, same: 0.3, worse: 0.3 },
  ) {}

  judge(items: JudgeItem[]): Promise<VerdictProbs[]> {
    this.calls++;
    const p = this.probs;
    return Promise.resolve(items.map(() => ({ better: p.better, same: p.same, worse: p.worse })));
  }
}
