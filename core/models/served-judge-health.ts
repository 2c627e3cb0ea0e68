/**
 * Live health of a served version's base URLs for its model page: each one asked `GET /v1/models`
 * (short deadline, in parallel) — up with its round trip and whether it still lists the model, or down
 * with why. Not here: the serving fleet's own in-flight and failover state (the status page shows that).
 */
import { listModels } from "../../genrm/backends/openai/lora";
import { servedJudgeConfig } from "../../genrm/backends/openai/served-config";
import type { Actor } from "../auth/actor";
import { openSecret } from "../auth/secret-box";
import { db } from "../db/client";
import { findModelOr404, requireModelManager } from "./access";

export interface UrlHealth {
  baseUrl: string;
  up: boolean;
  latencyMs: number | null;
  /** The server lists the version's model (or adapter) name. */
  servesModel: boolean;
  error: string | null;
}

export async function servedJudgeHealth(actor: Actor | null, ref: string, timeoutMs = 2500): Promise<UrlHealth[] | null> {
  requireModelManager(actor);
  const found = await findModelOr404(ref);
  const row = await db().genrmModel.findUniqueOrThrow({ where: { id: found.id }, select: { config: true, apiKeyEncrypted: true, backend: true, version: true } });
  if (row.backend !== "openai") return null;
  const parsed = servedJudgeConfig.safeParse(row.config);
  if (!parsed.success) return null;
  let apiKey: string | undefined;
  try {
    apiKey = row.apiKeyEncrypted ? openSecret(row.apiKeyEncrypted, `GenRM v${row.version}'s API key`) : undefined;
  } catch (e) {
    return parsed.data.baseUrls.map((baseUrl) => ({ baseUrl, up: false, latencyMs: null, servesModel: false, error: (e as Error).message }));
  }
  return Promise.all(
    parsed.data.baseUrls.map(async (baseUrl): Promise<UrlHealth> => {
      const t0 = performance.now();
      try {
        const ids = await listModels(baseUrl, { apiKey, timeoutMs });
        return { baseUrl, up: true, latencyMs: Math.round(performance.now() - t0), servesModel: ids.includes(parsed.data.model), error: null };
      } catch (e) {
        return { baseUrl, up: false, latencyMs: null, servesModel: false, error: (e as Error).message.slice(0, 300) };
      }
    }),
  );
}
