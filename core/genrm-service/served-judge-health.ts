/**
 * The health of every served judge's base URLs (GenRM versions with backend "openai" that can judge:
 * candidate or active), for the status page: per URL healthy, in flight, recent failures, last error,
 * last success. What this process saw serving real requests, refreshed by a quick `GET /v1/models` on
 * each URL when `check` is set (so a replica that went down shows before a judge request finds out).
 * Researchers only. Never carries the API key.
 */
import type { UrlHealth } from "../../genrm/backends/openai/fleet";
import { requireRole, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { isAppError } from "../errors";
import { resolveServingModel } from "./resolve-model";
import { stackFor } from "./serving-pool";

export interface ServedJudgeHealth {
  modelId: string;
  version: number;
  name: string;
  status: string;
  /** The served model name and how it is asked. */
  servedModel: string;
  api: string;
  mode: string;
  urls: UrlHealth[];
  /** Why the version cannot be served at all (e.g. an unusable config), else null. */
  error: string | null;
}

const MAX_SHOWN = 20;

export async function getServedJudgeHealth(actor: Actor | null, options: { check?: boolean; timeoutMs?: number } = {}): Promise<ServedJudgeHealth[]> {
  requireRole(actor, "researcher");
  const rows = await db().genrmModel.findMany({
    where: { backend: "openai", status: { in: ["candidate", "active"] } },
    orderBy: { version: "desc" },
    take: MAX_SHOWN,
    select: { id: true, version: true, name: true, status: true, config: true },
  });
  return Promise.all(
    rows.map(async (row) => {
      const c = (row.config ?? {}) as { model?: unknown; api?: unknown; mode?: unknown };
      const base = { modelId: row.id, version: row.version, name: row.name, status: row.status, servedModel: String(c.model ?? ""), api: String(c.api ?? "completions"), mode: String(c.mode ?? "logprobs") };
      try {
        const fleet = (await stackFor(await resolveServingModel(row.id))).fleet();
        if (!fleet) return { ...base, urls: [], error: "not served by a fleet" };
        const urls = options.check ? await fleet.check(options.timeoutMs ?? 2000) : fleet.health();
        return { ...base, urls, error: null };
      } catch (error) {
        // One unusable version (bad config, a key that cannot be opened) must not hide the others.
        return { ...base, urls: [], error: isAppError(error) ? error.message : `cannot be served: ${(error as Error).message}` };
      }
    }),
  );
}
