/**
 * Builds the raw JudgeBackend for one GenrmModel row (no caching or batching: serving-pool.ts wraps it).
 *   openai         a judge served elsewhere: config per genrm/backends/openai/served-config.ts
 *                  ({baseUrls, model, api, mode, …}; legacy {baseUrl} rows still read). The key is the
 *                  version's own sealed secret when it has one, else GENRM_OPENAI_API_KEY; never the config.
 *   embedded       the ONNX model folder artifactUri names in the artifact store (genrm/backends/embedded;
 *                  fetched to this machine's cache first), config {intraOpThreads?, batchSize?}
 *   deterministic  TEST DOUBLE: hash-based fake judge, config {latencyMs?, salt?, positionBias?, lengthBias?, maxInputChars?}
 *   zero-cost      TEST DOUBLE: constant answers, no work (benchmarks measure the layers above it)
 * The two test doubles are served only when GENRM_ALLOW_TEST_BACKENDS=1, so they never score real data.
 */
import { z } from "zod";
import { EmbeddedBackend } from "../../genrm/backends/embedded/embedded-backend";
import { DeterministicBackend, ZeroCostBackend } from "../../genrm/backends/fake/deterministic";
import { OpenAICompatibleBackend } from "../../genrm/backends/openai/openai-backend";
import { servedJudgeConfig } from "../../genrm/backends/openai/served-config";
import { TEMPLATE_VERSION } from "../../genrm/template";
import { BackendError, type JudgeBackend } from "../../genrm/types";
import { env, servingConfig } from "../env";
import { localArtifactFolder } from "../storage/local-artifact-folder";
import { AppError } from "../errors";
import type { ServingModel } from "./resolve-model";

export const TEST_BACKENDS = ["deterministic", "zero-cost"] as const;

const deterministicConfig = z.object({
  latencyMs: z.number().min(0).optional(),
  salt: z.string().optional(),
  positionBias: z.number().optional(),
  lengthBias: z.number().optional(),
  maxInputChars: z.number().int().positive().optional(),
});

function badConfig(model: ServingModel, error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  return new AppError("Unavailable", `GenRM v${model.version} has an unusable ${model.backend} config (${issue.path.join(".") || "config"}: ${issue.message})`, { retryAfterS: 30 });
}

export async function createBackend(model: ServingModel): Promise<JudgeBackend> {
  if (model.templateVersion !== TEMPLATE_VERSION) {
    throw new AppError(
      "Unavailable",
      `GenRM v${model.version} was trained on judge template ${model.templateVersion}; this server renders ${TEMPLATE_VERSION}`,
      { retryAfterS: 30 },
    );
  }
  const config = (model.config ?? {}) as Record<string, unknown>;
  if ((TEST_BACKENDS as readonly string[]).includes(model.backend)) {
    if (servingConfig().GENRM_ALLOW_TEST_BACKENDS !== "1") {
      throw new AppError("Unavailable", `GenRM v${model.version} uses the test-only "${model.backend}" backend; it is served only with GENRM_ALLOW_TEST_BACKENDS=1`, { retryAfterS: 30 });
    }
    if (model.backend === "zero-cost") return new ZeroCostBackend(model.id);
    const c = deterministicConfig.safeParse(config);
    if (!c.success) throw badConfig(model, c.error);
    return new DeterministicBackend({ modelId: model.id, ...c.data });
  }
  if (model.backend === "openai") {
    const c = servedJudgeConfig.safeParse(config);
    if (!c.success) throw badConfig(model, c.error);
    const { baseUrls, model: served, api, mode, topLogprobs, samples, temperature, maxTokens, timeoutMs, retries, maxBatch, maxBytes } = c.data;
    return new OpenAICompatibleBackend({
      baseUrls,
      model: served,
      api,
      mode,
      topLogprobs,
      samples,
      temperature,
      maxTokens,
      timeoutMs,
      retries,
      maxBatch,
      maxBytes,
      modelId: model.id,
      apiKey: model.apiKey ?? servingConfig().GENRM_OPENAI_API_KEY,
    });
  }
  if (model.backend === "embedded") return createEmbeddedBackend(model);
  throw new AppError("Unavailable", `GenRM v${model.version} has backend "${model.backend}", which this server cannot serve`, { retryAfterS: 30 });
}

const embeddedConfig = z.object({
  intraOpThreads: z.number().int().min(1).max(64).optional(),
  batchSize: z.number().int().min(1).max(1024).optional(),
});

async function createEmbeddedBackend(model: ServingModel): Promise<JudgeBackend> {
  if (!model.artifactUri) throw new AppError("Unavailable", `GenRM v${model.version} (embedded) has no artifactUri (model directory)`, { retryAfterS: 30 });
  const c = embeddedConfig.safeParse(model.config ?? {});
  if (!c.success) throw badConfig(model, c.error);
  let dir = model.artifactUri;
  try {
    dir = await localArtifactFolder(model.artifactUri);
    return await EmbeddedBackend.load(dir, { ...c.data, modelId: model.id });
  } catch (error) {
    if (error instanceof Error) {
      throw new AppError("Unavailable", `GenRM v${model.version} cannot be loaded from ${dir}: ${error.message}`, { retryAfterS: 30 });
    }
    throw error;
  }
}
