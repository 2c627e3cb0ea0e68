/**
 * Environment, validated once: the one owner of configuration. Every process (web, workers, judge
 * service, CLI, tests) reads it through `env()` (the platform) or `servingConfig()` (the judge API's
 * knobs); a missing or malformed variable stops the process with a message naming it.
 * Defaults work on a development machine with local Postgres (trust auth) and Redis.
 * The two parts are cached apart: tests set serving knobs (GENRM_ALLOW_TEST_BACKENDS, LOG_REQUESTS)
 * after their database is up, and the serving part is read at the first request.
 */
import { z } from "zod";
import { SECRET_HINT, weakSecretReason } from "./auth/secret-strength";

/** A signing secret: refused when it is the example, short or guessable (core/auth/secret-strength.ts). */
const strongSecret = z.string().superRefine((s, ctx) => {
  const reason = weakSecretReason(s);
  if (reason) ctx.addIssue({ code: "custom", message: `${reason}; ${SECRET_HINT} (a fresh clone's \`npm start\` writes one into .env)` });
});

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .default("postgresql://postgres@127.0.0.1:5432/genrm"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").default("redis://127.0.0.1:6379"),
  /** Namespaces every BullMQ queue and Redis key, so parallel test runs never see each other. */
  QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default("genrm"),
  AUTH_SECRET: strongSecret.optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  /** Where model artifacts, exports and trainer work directories live. */
  DATA_DIR: z.string().default("var"),
  /**
   * Where imports, training runs and model artifacts are kept (core/storage): unset for DATA_DIR on this
   * machine, or s3://bucket/prefix for S3-compatible storage shared by several machines.
   */
  ARTIFACT_STORE: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "must be s3://bucket/prefix (or unset for the local DATA_DIR)").optional().or(z.literal("")),
  /** An S3-compatible server's URL (MinIO: http://minio:9000); unset for AWS S3. */
  S3_ENDPOINT: z.string().regex(/^https?:\/\/[^/\s]+/, "must be an http(s) URL such as http://127.0.0.1:9000").optional(),
  /** "1" puts the bucket in the path (what MinIO and most S3-compatible servers need). */
  S3_FORCE_PATH_STYLE: z.enum(["0", "1", "true", "false"], { error: "must be 1 or 0" }).optional(),
  AWS_REGION: z.string().optional(),
  /** This machine's working folder for jobs and downloaded models (default: DATA_DIR with the local store, else a temp folder). */
  SCRATCH_DIR: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interpreter with PyTorch for the GenRM trainer; found automatically when unset. */
  GENRM_PYTHON: z.string().optional(),
  /** Failed sign-ins allowed per email+address before a block (429); the block starts at SIGNIN_BLOCK_S,
   *  doubles with each further failure, and never exceeds SIGNIN_WINDOW_S (also how long failures count). */
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGNIN_WINDOW_S: z.coerce.number().int().min(1).default(900),
  SIGNIN_BLOCK_S: z.coerce.number().int().min(1).default(60),
  /**
   * Key that encrypts served judges' API keys at rest (AES-256-GCM; the key is derived from this by
   * SHA-256); defaults to AUTH_SECRET. Changing it makes stored keys unreadable: re-register those judges.
   */
  GENRM_SECRET_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  /** Secret used to pseudonymise annotator ids in exports (HMAC key); `npm start` generates one. Never
   *  AUTH_SECRET: a leaked export must not help anyone forge sessions, nor the reverse. */
  EXPORT_SALT: z.string().min(32, "must be at least 32 characters").optional(),
  /** How long a worker's job lock lasts without a renewal, ms (a dead worker's job is taken over after it). */
  WORKER_LOCK_MS: z.coerce.number().int().min(1).default(30_000),
  /** Prompts a tournament worker plays at once (an out-of-range value falls back to 2). */
  TOURNAMENT_CONCURRENCY: z.coerce.number().int().min(1).max(64).catch(2),
  /** Tests only: a file the tournament appends one line to per judgement (tournament-backend.ts). */
  GENRM_TEST_BACKEND_LOG: z.string().optional(),
  /** The judge service beside the web app (`npm start` sets it): the web app's judge URLs forward there. */
  JUDGE_SERVICE_URL: z.string().trim().optional(),
  /** The judge service's own address (scripts/serve-judge.ts; `npm start` defaults the port to PORT + 1). */
  JUDGE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  JUDGE_HOST: z.string().min(1).optional(),
  /**
   * Processes serving the judge port (node:cluster; one connection goes to one of them). Default: one per
   * two cores, up to 4. On 2 cores a second process raised the machine's CPU per request by half (bench:api:
   * Postgres, Redis and the load share those cores, and batching across requests thins out), so one is best there.
   */
  JUDGE_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  HOST: z.string().min(1).optional(),
  /** The web app, for the judge service's requests to other paths (e.g. /api/v1/runs/*). */
  WEB_APP_URL: z.string().url().optional(),
}).superRefine((e, ctx) => {
  if (e.EXPORT_SALT && e.EXPORT_SALT === e.AUTH_SECRET) ctx.addIssue({ code: "custom", path: ["EXPORT_SALT"], message: "must differ from AUTH_SECRET" });
});

export type Env = z.infer<typeof schema>;

/** Parses process.env with `s`, or stops with every offending variable named. */
function parseEnv<T>(s: z.ZodType<T>, what: string, hint = ""): T {
  const parsed = s.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new Error(`Invalid ${what}:\n${lines.join("\n")}${hint}`);
}

let cached: Env | undefined;

export function env(): Env {
  return (cached ??= parseEnv(schema, "environment", "\nSee .env.example."));
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

const int = (min: number) => z.coerce.number().int().min(min);

/**
 * Knobs of the judge API (GENRM_* variables; all optional). Limits protect the server from one oversized
 * request; micro-batching and concurrency defaults apply to every backend unless the model row's
 * `config.serving` overrides them. Not here: per-backend settings (base URL, model name), which live on
 * the GenrmModel row.
 */
const servingSchema = z.object({
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
  /** Anything but "0" writes one JSON line per web request and per judge API call to stdout. */
  LOG_REQUESTS: z.string().optional(),
});

export type ServingConfig = z.infer<typeof servingSchema>;

let servingCached: ServingConfig | undefined;

export function servingConfig(): ServingConfig {
  return (servingCached ??= parseEnv(servingSchema, "GenRM serving environment"));
}

/** For tests that change process.env between cases. */
export function resetServingConfig(): void {
  servingCached = undefined;
}

/**
 * Whether X-Forwarded-For may be believed (TRUST_PROXY=1, a reverse proxy you run) and which hops are
 * our own proxies (TRUSTED_PROXIES, comma-separated). Read at each call, not cached: two variables
 * cost nothing to read, and the client-address tests switch them between cases.
 */
export function proxyTrust(): { trusted: boolean; proxies: Set<string> } {
  return {
    trusted: process.env.TRUST_PROXY === "1",
    proxies: new Set((process.env.TRUSTED_PROXIES ?? "").split(",").map((s) => s.trim()).filter(Boolean)),
  };
}

/** Request logging is on unless LOG_REQUESTS=0. */
export const logsRequests = () => servingConfig().LOG_REQUESTS !== "0";

export function oauthProviders(e: Env = env()): Array<"github" | "google"> {
  const out: Array<"github" | "google"> = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) out.push("github");
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) out.push("google");
  return out;
}
