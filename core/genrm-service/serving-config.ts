/**
 * Knobs of the judge service, validated once from the environment (GENRM_* variables; all optional).
 * Limits protect the server from one oversized request; micro-batching and concurrency defaults apply to
 * every backend unless the model row's `config.serving` overrides them. Not here: per-backend settings
 * (base URL, model name), which live on the GenrmModel row.
 */
import { z } from "zod";

const int = (min: number) => z.coerce.number().int().min(min);

const schema = z.object({
  /** Most items in one /api/v1/judge or /get_reward request (413 beyond). */
  GENRM_API_MAX_ITEMS: int(1).default(1024),
  /** Most characters in one text field (prompt, response, reference) of an item (that item → 413). */
  GENRM_API_MAX_TEXT_CHARS: int(1).default(200_000),
  /** Most bytes in one request body (413 before parsing). */
  GENRM_API_MAX_BODY_BYTES: int(1024).default(32 * 1024 * 1024),
  /** Micro-batching: how long the first waiting request waits for company, ms. */
  GENRM_BATCH_WINDOW_MS: z.coerce.number().min(0).max(1000).default(2),
  /** Micro-batching: most items per backend call. */
  GENRM_BATCH_MAX: int(1).default(128),
  /** Backend calls in flight per model (the per-backend concurrency limit). */
  GENRM_BACKEND_CONCURRENCY: int(1).default(4),
  /** Items waiting per model before new requests get 503 + Retry-After (backpressure). */
  GENRM_BACKEND_MAX_QUEUE: int(1).default(8192),
  /** In-process LRU entries shared by all models (keys carry the model id). */
  GENRM_LOCAL_CACHE_ENTRIES: int(1).default(200_000),
  /** Lifetime of a judgement in the shared Redis cache, seconds. */
  GENRM_SHARED_CACHE_TTL_S: int(1).default(7 * 24 * 3600),
  /** Bearer key sent to OpenAI-compatible servers (vLLM --api-key); never stored on model rows. */
  GENRM_OPENAI_API_KEY: z.string().optional(),
  /** "1" lets model rows with the test-only backends "deterministic" and "zero-cost" be served (tests, benchmarks). */
  GENRM_ALLOW_TEST_BACKENDS: z.enum(["0", "1"]).default("0"),
});

export type ServingConfig = z.infer<typeof schema>;

let cached: ServingConfig | undefined;

export function servingConfig(): ServingConfig {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid GenRM serving environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetServingConfig(): void {
  cached = undefined;
}
