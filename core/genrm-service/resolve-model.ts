/**
 * Which GenRM version serves a request. Default: the active version (newest if, briefly, two are
 * active). A request may name another version by number (3, "3", "v3"), by id or by name; it must be
 * servable: candidate, active or retired — never training or failed. Any judge key may use any servable
 * version (GenRM versions are shared by the whole installation).
 * Rows are cached for a moment (SERVING_MODEL_TTL_MS) because every judge request resolves one; a
 * promotion takes effect within that delay.
 */
import { openSecret } from "../auth/secret-box";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { GenrmModel } from "../db/client";

export type ModelRef = string | number;
export type ServingModel = Pick<GenrmModel, "id" | "version" | "name" | "backend" | "kind" | "artifactUri" | "config" | "templateVersion" | "status"> & {
  /** A served judge's own API key, decrypted (held in memory only; never logged or returned). */
  apiKey?: string;
};

const SERVABLE = new Set(["candidate", "active", "retired"]);
export const SERVING_MODEL_TTL_MS = 2000;

const select = { id: true, version: true, name: true, backend: true, kind: true, artifactUri: true, config: true, templateVersion: true, status: true, apiKeyEncrypted: true } as const;

type Row = Pick<GenrmModel, keyof typeof select>;

/** The row as served: its sealed key opened once here, the sealed form dropped. */
export function toServingModel(row: Row | null): ServingModel | null {
  if (!row) return null;
  const { apiKeyEncrypted, ...rest } = row;
  return apiKeyEncrypted ? { ...rest, apiKey: openSecret(apiKeyEncrypted, `GenRM v${row.version}'s API key`) } : rest;
}

const g = globalThis as unknown as { __genrmModelCache?: Map<string, { at: number; row: ServingModel | null }> };
const cache = () => (g.__genrmModelCache ??= new Map());

async function cached(key: string, load: () => Promise<ServingModel | null>): Promise<ServingModel | null> {
  const hit = cache().get(key);
  if (hit && Date.now() - hit.at < SERVING_MODEL_TTL_MS) return hit.row;
  const row = await load();
  cache().set(key, { at: Date.now(), row });
  return row;
}

/** Forget cached rows (tests; after a promotion when the caller wants it to apply at once). */
export function forgetServingModels(): void {
  cache().clear();
}

async function findByRef(ref: ModelRef): Promise<ServingModel | null> {
  const text = String(ref).trim();
  const m = /^v?(\d{1,9})$/i.exec(text);
  if (m) return toServingModel(await db().genrmModel.findUnique({ where: { version: Number(m[1]) }, select }));
  return toServingModel(
    (await db().genrmModel.findUnique({ where: { id: text }, select })) ??
      (await db().genrmModel.findFirst({ where: { name: text }, orderBy: { version: "desc" }, select })),
  );
}

/**
 * The model to serve: `ref` when given (422 when unknown or not servable), else `fallbackId` (e.g. the
 * RL run's current version), else the active version (503 when none is active).
 */
export async function resolveServingModel(ref?: ModelRef | null, fallbackId?: string | null): Promise<ServingModel> {
  if (ref !== undefined && ref !== null && String(ref).trim() !== "") {
    const text = String(ref).trim();
    if (text.length > 200) throw new AppError("Invalid", "model: at most 200 characters", { field: "model" });
    const row = await cached(`ref:${text}`, () => findByRef(text));
    if (!row) throw new AppError("Unprocessable", `model: no GenRM version '${text}' (name it by version number, "v<N>", id or name)`, { field: "model" });
    if (!SERVABLE.has(row.status)) {
      throw new AppError("Unprocessable", `model: GenRM v${row.version} is ${row.status}; only candidate, active or retired versions can judge`, { field: "model" });
    }
    return row;
  }
  if (fallbackId) {
    const row = await cached(`id:${fallbackId}`, async () => toServingModel(await db().genrmModel.findUnique({ where: { id: fallbackId }, select })));
    if (row && SERVABLE.has(row.status)) return row;
  }
  const active = await cached("active", async () => toServingModel(await db().genrmModel.findFirst({ where: { status: "active" }, orderBy: { version: "desc" }, select })));
  if (!active) {
    throw new AppError("Unavailable", "No GenRM version is active yet: promote one in the model registry, or name a candidate with `model`", { retryAfterS: 30 });
  }
  return active;
}
