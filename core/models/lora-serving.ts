/**
 * A LoRA version is served by the vLLM server(s) its training run named: the adapter is loaded there
 * under "genrm-v<version>" (genrm/backends/openai/lora.ts) and the version's config points the judge at
 * that name. Policy: loaded after training and again whenever the version becomes active (loading is
 * idempotent, so a restarted server gets it back); unloaded when a researcher retires the version, to
 * free the server's adapter slots. A version displaced by a promotion keeps its adapter, so a roll back
 * is instant. Not here: training (run-training.ts) or which version is active (activate-model.ts).
 */
import path from "node:path";
import { loadLoraAdapter, unloadLoraAdapter } from "../../genrm/backends/openai/lora";
import { servedJudgeConfig } from "../../genrm/backends/openai/served-config";
import { openSecret } from "../auth/secret-box";
import { AppError } from "../errors";

export const loraNameOf = (version: number) => `genrm-v${version}`;

interface LoraRow {
  version: number;
  kind: string;
  config: unknown;
  apiKeyEncrypted?: string | null;
}

/** The served-judge config of a freshly trained adapter: the fleet named by the run, the adapter as the model. */
export function loraServingConfig(version: number, adapterDir: string, p: { serveBaseUrls?: string[]; serveModel?: string; baseModel?: string }) {
  return {
    baseUrls: (p.serveBaseUrls ?? []).map((u) => u.replace(/\/+$/, "").replace(/\/v1$/, "")),
    model: loraNameOf(version),
    api: "completions" as const,
    mode: "logprobs" as const,
    // An object-store URI is passed on as is: the vLLM server resolves it (a local path is made absolute).
    adapterPath: adapterDir.startsWith("s3://") ? adapterDir : path.resolve(adapterDir),
    baseModel: p.baseModel,
    servedBaseModel: p.serveModel,
  };
}

function target(row: LoraRow): { baseUrls: string[]; name: string; adapterPath: string; apiKey?: string } | null {
  if (row.kind !== "lora") return null;
  const parsed = servedJudgeConfig.safeParse(row.config);
  const adapterPath = (row.config as { adapterPath?: unknown } | null)?.adapterPath;
  if (!parsed.success || typeof adapterPath !== "string") return null;
  const apiKey = row.apiKeyEncrypted ? openSecret(row.apiKeyEncrypted, `GenRM v${row.version}'s API key`) : undefined;
  return { baseUrls: parsed.data.baseUrls, name: parsed.data.model, adapterPath, apiKey };
}

/** Loads the version's adapter on every server of its fleet; any failure → Unavailable naming the server. No-op for other kinds. */
export async function loadVersionAdapter(row: LoraRow): Promise<{ loaded: string[] }> {
  const t = target(row);
  if (!t) return { loaded: [] };
  const results = await Promise.allSettled(t.baseUrls.map((u) => loadLoraAdapter(u, t.name, t.adapterPath, { apiKey: t.apiKey })));
  const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`${t.baseUrls[i]}: ${(r.reason as Error).message}`] : []));
  if (failed.length) throw new AppError("Unavailable", `GenRM v${row.version}'s adapter could not be loaded: ${failed.join("; ")}`, { retryAfterS: 30 });
  return { loaded: t.baseUrls };
}

/** Unloads the version's adapter everywhere; best effort (a server that no longer has it counts as done). */
export async function unloadVersionAdapter(row: LoraRow): Promise<{ unloaded: string[]; failed: string[] }> {
  const t = target(row);
  if (!t) return { unloaded: [], failed: [] };
  const results = await Promise.allSettled(t.baseUrls.map((u) => unloadLoraAdapter(u, t.name, { apiKey: t.apiKey })));
  const unloaded: string[] = [];
  const failed: string[] = [];
  results.forEach((r, i) => {
    const url = t.baseUrls[i]!;
    if (r.status === "fulfilled" || /cannot be found|not found/i.test((r.reason as Error).message)) unloaded.push(url);
    else failed.push(`${url}: ${(r.reason as Error).message}`);
  });
  return { unloaded, failed };
}
