/**
 * Which JudgeBackend judges a tournament run's games: the serving stack of the run's GenRM version
 * (core/genrm-service), so tournaments share the serving side's caches and concurrency limit and
 * accept exactly the backends it can serve (embedded, openai, and the test doubles when
 * GENRM_ALLOW_TEST_BACKENDS=1). Kept in one place so the worker, the seed and tests resolve it alike.
 */
import { appendFileSync } from "node:fs";
import { judgeCacheKey } from "../../genrm/cache";
import { env } from "../env";
import { DelegatingBackend } from "../../genrm/delegating-backend";
import type { JudgeBackend, JudgeItem, JudgeOptions, JudgeOutput } from "../../genrm/types";
import { stackFor, type ServingModel } from "../genrm-service/index";

export async function tournamentBackend(model: ServingModel): Promise<JudgeBackend> {
  const { backend } = await stackFor(model);
  const log = env().GENRM_TEST_BACKEND_LOG;
  return log ? new JudgementLogBackend(backend, log) : backend;
}

/**
 * Tests only (GENRM_TEST_BACKEND_LOG=<file>): appends one line per item the tournament asks the GenRM
 * for (its cache key) as soon as the answer arrives, so a test that kills worker processes can count,
 * across processes, every judgement made.
 */
class JudgementLogBackend extends DelegatingBackend {
  constructor(
    inner: JudgeBackend,
    private readonly file: string,
  ) {
    super(inner);
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    const out = await this.inner.judge(items, options);
    const lines = items.map((item) => judgeCacheKey({ modelId: this.modelId, templateVersion: this.templateVersion, item }));
    appendFileSync(this.file, lines.map((l) => `${l}\n`).join(""));
    return out;
  }
}
