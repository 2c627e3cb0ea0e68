/**
 * Registers a judge served elsewhere (vLLM, SGLang, llama.cpp, a hosted OpenAI-compatible API) as a
 * candidate GenRM version: the input is validated, the servers are probed (genrm/backends/openai/probe.ts:
 * reachability, protocol, logprobs, a few timed judgements through the backend the version will be
 * served by), and only when everything passes is the row created — with the API key sealed
 * (core/auth/secret-box.ts), never on the config, never in the reply. From then on it is a version like
 * any other: evaluated, promoted, rolled back, judged through.
 * Used by POST /api/models, the /models form and `npm run genrm -- register`.
 */
import { z } from "zod";
import { probeServedJudge, describeProblems, type ProbeReport } from "../../genrm/backends/openai/probe";
import { servedJudgeConfig, type ServedJudgeConfig } from "../../genrm/backends/openai/served-config";
import { TEMPLATE_VERSION } from "../../genrm/template";
import type { Actor } from "../auth/actor";
import { sealSecret } from "../auth/secret-box";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { createBackend } from "../genrm-service/create-backend";
import { forgetServingModels, type ServingModel } from "../genrm-service/resolve-model";
import { requireModelManager } from "./access";

/** What a researcher sends; the config knobs are checked again by servedJudgeConfig (one schema for every reader). */
export const registerServedJudgeInput = z
  .object({
    name: z.string().trim().min(1, "name is required").max(200, "name: at most 200 characters"),
    backend: z.literal("openai-compatible", { message: 'backend must be "openai-compatible"' }).default("openai-compatible"),
    baseUrls: z.array(z.string().trim()).min(1, "at least one base URL").max(16, "at most 16 base URLs"),
    model: z.string().trim().min(1, "model is required").max(500),
    apiKey: z.string().max(4096, "apiKey: at most 4096 characters").optional(),
    api: z.enum(["completions", "chat"]).optional(),
    mode: z.enum(["logprobs", "reasoning"]).optional(),
    samples: z.number().int().min(1).max(16).optional(),
    topLogprobs: z.number().int().min(1).max(20).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(32_768).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
  })
  .strict();
export type RegisterServedJudgeInput = z.input<typeof registerServedJudgeInput>;

export interface RegisteredServedJudge {
  model: { id: string; version: number; name: string; status: string; backend: string; kind: string };
  probe: ProbeReport;
}

function invalidFrom(error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join(".");
  return new AppError("Invalid", field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message, { field: field || undefined });
}

/** The row's config: the served judge's settings, without secrets, with the probe's findings kept for the model page. */
function buildConfig(input: z.output<typeof registerServedJudgeInput>): ServedJudgeConfig {
  const urls = input.baseUrls.map((u) => u.replace(/\/+$/, "").replace(/\/v1$/, ""));
  const dup = urls.findIndex((u, i) => urls.indexOf(u) !== i);
  if (dup !== -1) throw new AppError("Invalid", `baseUrls.${dup}: ${urls[dup]} is listed twice`, { field: `baseUrls.${dup}` });
  const parsed = servedJudgeConfig.safeParse({
    baseUrls: urls,
    model: input.model,
    api: input.api ?? (input.mode === "reasoning" ? "chat" : "completions"),
    mode: input.mode ?? "logprobs",
    topLogprobs: input.topLogprobs,
    samples: input.samples,
    temperature: input.temperature,
    maxTokens: input.maxTokens,
    timeoutMs: input.timeoutMs,
  });
  if (!parsed.success) throw invalidFrom(parsed.error);
  if (parsed.data.mode === "reasoning" && parsed.data.topLogprobs !== undefined) {
    throw new AppError("Invalid", 'topLogprobs: only mode "logprobs" reads logprobs; leave it out for mode "reasoning"', { field: "topLogprobs" });
  }
  if (parsed.data.mode === "logprobs" && parsed.data.samples !== undefined) {
    throw new AppError("Invalid", 'samples: only mode "reasoning" samples several judgements; leave it out for mode "logprobs"', { field: "samples" });
  }
  return parsed.data;
}

/** A stand-in row, so the probe judges through exactly the backend the registered version will get. */
function probeModel(name: string, config: ServedJudgeConfig, apiKey: string | undefined): ServingModel {
  return {
    id: `probe:${name}`,
    version: 0,
    name,
    backend: "openai",
    kind: "external",
    artifactUri: null,
    config: config as unknown as Prisma.JsonValue,
    templateVersion: TEMPLATE_VERSION,
    status: "candidate",
    apiKey,
  };
}

/** Probes without storing anything (the form's "Test connection", and the first half of registering). */
export async function probeServedJudgeInput(actor: Actor | null, raw: unknown): Promise<{ config: ServedJudgeConfig; probe: ProbeReport; apiKey?: string }> {
  requireModelManager(actor);
  const parsedInput = registerServedJudgeInput.safeParse(raw);
  if (!parsedInput.success) throw invalidFrom(parsedInput.error);
  const input = parsedInput.data;
  const apiKey = input.apiKey?.trim() || undefined;
  const config = buildConfig(input);
  const probe = await probeServedJudge(config, {
    apiKey,
    topLogprobsExplicit: input.topLogprobs !== undefined,
    timeoutMs: Math.min(config.timeoutMs ?? 15_000, 30_000),
    judge: async (items, topLogprobs) => {
      const backend = await createBackend(probeModel(input.name, { ...config, ...(topLogprobs !== null ? { topLogprobs } : {}) }, apiKey));
      try {
        return await backend.judge(items);
      } finally {
        await backend.close?.().catch(() => undefined);
      }
    },
  });
  const adopted = probe.topLogprobs !== null && probe.topLogprobs !== (config.topLogprobs ?? null) && input.topLogprobs === undefined;
  return { config: adopted ? { ...config, topLogprobs: probe.topLogprobs! } : config, probe, apiKey };
}

export async function registerServedJudge(actor: Actor | null, raw: unknown): Promise<RegisteredServedJudge> {
  const user = requireModelManager(actor);
  const { config, probe, apiKey } = await probeServedJudgeInput(actor, raw);
  if (!probe.ok) {
    throw new AppError("Unprocessable", `The served judge did not pass its checks: ${describeProblems(probe.problems)}`, {
      field: probe.problems[0]!.field,
      problems: probe.problems,
    });
  }
  const name = String((raw as { name: string }).name).trim();
  const sealed = apiKey ? sealSecret(apiKey) : null;
  const row = await db().$transaction(async (tx) => {
    // Serialises version numbers with training runs registering theirs.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('genrm.model-version'))`;
    const version = ((await tx.genrmModel.aggregate({ _max: { version: true } }))._max.version ?? 0) + 1;
    return tx.genrmModel.create({
      data: {
        version,
        name,
        backend: "openai",
        kind: "external",
        config: { ...config, probe: probeSummary(probe), registeredBy: user.email } as unknown as Prisma.InputJsonValue,
        apiKeyEncrypted: sealed,
        templateVersion: TEMPLATE_VERSION,
        status: "candidate",
      },
    });
  });
  forgetServingModels();
  return { model: { id: row.id, version: row.version, name: row.name, status: row.status, backend: row.backend, kind: row.kind }, probe };
}

/** What the model page shows of the registration checks (no server replies, no secrets). */
function probeSummary(p: ProbeReport) {
  return {
    checkedAt: p.checkedAt,
    urls: p.urls.map((u) => ({ baseUrl: u.baseUrl, latencyMs: u.latencyMs, logprobs: u.logprobs, maxLogprobs: u.maxLogprobs })),
    judgementsMs: p.judgements.map((j) => j.ms),
  };
}
