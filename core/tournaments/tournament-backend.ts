/**
 * Which JudgeBackend judges a tournament run's games: the serving stack of the run's GenRM version
 * (core/genrm-service), so tournaments share the serving side's caches and concurrency limit and
 * accept exactly the backends it can serve (embedded, openai, and the test doubles when
 * GENRM_ALLOW_TEST_BACKENDS=1). Kept in one place so the worker, the seed and tests resolve it alike.
 */
import { appendFileSync } from "node:fs";
import { judgeCacheKey } from "../../genrm/cache";
import { env } from "../env";
import type { JudgeBackend } from "../../genrm/types";
import { stackFor, type ServingModel } from "../genrm-service/index";

export async function tournamentBackend(model: ServingModel): Promise<JudgeBackend> {
  const { backend } = await stackFor(model);
  const log = env().GENRM_TEST_BACKEND_LOG;
  return log ? withJudgementLog(backend, log) : backend;
}

/**
 * Tests only (GENRM_TEST_BACKEND_LOG=<file>): appends one line per item the tournament asks the GenRM
 * for (its cache key) as soon as the answer arrives, so a test that kills worker processes can count,
 * across processes, every judgement made.
 */
function withJudgementLog(inner: JudgeBackend, file: string): JudgeBackend {
  return {
    kind: inner.kind,
    modelId: inner.modelId,
    templateVersion: inner.templateVersion,
    async judge(items, options) {
      const out = await inner.judge(items, options);
      const lines = items.map((item) => judgeCacheKey({ modelId: inner.modelId, templateVersion: inner.templateVersion, item }));
      appendFileSync(file, lines.map((l) => `${l}\n`).join(""));
      return out;
    },
  };
}
