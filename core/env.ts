/**
 * Environment, validated once. Every process (web, workers, CLI, tests) reads configuration through
 * `env()`; a missing or malformed variable stops the process with a message naming it.
 * Defaults work on a development machine with local Postgres (trust auth) and Redis.
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
}).superRefine((e, ctx) => {
  if (e.EXPORT_SALT && e.EXPORT_SALT === e.AUTH_SECRET) ctx.addIssue({ code: "custom", path: ["EXPORT_SALT"], message: "must differ from AUTH_SECRET" });
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}\nSee .env.example.`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function oauthProviders(e: Env = env()): Array<"github" | "google"> {
  const out: Array<"github" | "google"> = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) out.push("github");
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) out.push("google");
  return out;
}
