/**
 * The base of every backend that wraps another (caches, micro-batching, counting, logging): a wrapper
 * judges with the inner backend's weights and template, so it reports the inner backend's identity (and
 * cache keys built from it stay the inner's). Subclasses add their behaviour in `judge`; `close` closes
 * the inner backend.
 */
import type { JudgeBackend, JudgeItem, JudgeOptions, JudgeOutput } from "./types";

export abstract class DelegatingBackend implements JudgeBackend {
  constructor(readonly inner: JudgeBackend) {}

  get kind(): string {
    return this.inner.kind;
  }
  get modelId(): string {
    return this.inner.modelId;
  }
  get templateVersion(): string {
    return this.inner.templateVersion;
  }

  abstract judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]>;

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
