/**
 * The config of a GenrmModel row whose backend is "openai": a judge served elsewhere (vLLM, SGLang,
 * llama.cpp, a hosted API), possibly by several replicas (a fleet). One schema for every reader — the
 * registration form, the API, the CLI and the serving stack — so they agree on names and defaults.
 * Legacy rows with a single `baseUrl` are accepted and read as `baseUrls: [baseUrl]`.
 * Not here: the API key (a secret, never on the row's config) or HTTP behaviour (openai-backend.ts).
 */
import { z } from "zod";

const httpUrl = z
  .string()
  .max(2048, "a base URL is at most 2048 characters")
  .url("must be an http(s) URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const SERVED_API = ["completions", "chat"] as const;
export const SERVED_MODES = ["logprobs", "reasoning"] as const;

const fields = {
  baseUrls: z.array(httpUrl).min(1, "at least one base URL").max(16, "at most 16 base URLs"),
  model: z.string().min(1, "model is required").max(500),
  api: z.enum(SERVED_API).default("completions"),
  mode: z.enum(SERVED_MODES).default("logprobs"),
  /** Top logprobs asked for the verdict token (logprobs mode). Default 5 for chat, 20 for completions. */
  topLogprobs: z.number().int().min(1).max(20).optional(),
  /** k: sampled judgements per item (reasoning mode). Default 5. */
  samples: z.number().int().min(1).max(16).optional(),
  /** Sampling temperature (reasoning mode). Default 0.8. */
  temperature: z.number().min(0).max(2).optional(),
  /** Most generated tokens per judgement (reasoning mode). Default 1024. */
  maxTokens: z.number().int().min(1).max(32_768).optional(),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(10).optional(),
  maxBatch: z.number().int().positive().optional(),
  maxBytes: z.number().int().min(256).optional(),
};

/** Reads a row's config: `{baseUrl}` (legacy) becomes `{baseUrls: [baseUrl]}`; other keys (e.g. `serving`) pass through untouched. */
function liftLegacyBaseUrl(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  if (r.baseUrls === undefined && typeof r.baseUrl === "string") {
    const { baseUrl, ...rest } = r;
    return { ...rest, baseUrls: [baseUrl] };
  }
  return raw;
}

export const servedJudgeConfig = z.preprocess(
  liftLegacyBaseUrl,
  z
    .object(fields)
    .passthrough()
    .superRefine((c, ctx) => {
      if (c.mode === "reasoning" && c.api !== "chat") {
        ctx.addIssue({ code: "custom", path: ["api"], message: 'mode "reasoning" needs api "chat"' });
      }
    }),
);

export type ServedJudgeConfig = z.infer<typeof servedJudgeConfig>;

/** The effective values of every optional knob, for display and for building the backend. */
export function servedJudgeDefaults(c: ServedJudgeConfig) {
  return {
    topLogprobs: c.topLogprobs ?? (c.api === "chat" ? 5 : 20),
    samples: c.samples ?? 5,
    temperature: c.temperature ?? 0.8,
    maxTokens: c.maxTokens ?? 1024,
  };
}
