/** Helpers for the labelling e2e specs: build a dataset through the public routes (import job included). */
import { expect } from "vitest";
import { baseUrl } from "./helpers";

export async function call(cookie: string, method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, json };
}

/** Creates a dataset, imports `records` as JSONL through the upload route + worker job, makes comparisons. */
export async function datasetFromRecords(
  cookie: string,
  name: string,
  records: unknown[],
  comparisons: Record<string, unknown> = { mode: "pairwise", overlap: 1 },
): Promise<string> {
  const created = await call(cookie, "POST", "/api/datasets", { name, guidelines: "Prefer the **correct** answer." });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.dataset.id as string;
  const up = await call(cookie, "POST", `/api/datasets/${id}/imports?fileName=${encodeURIComponent(name)}.jsonl`, undefined, records.map((r) => JSON.stringify(r)).join("\n"));
  expect(up.status, JSON.stringify(up.json)).toBe(202);
  await waitForImport(cookie, id, up.json.import.id);
  const gen = await call(cookie, "POST", `/api/datasets/${id}/comparisons`, comparisons);
  expect(gen.status, JSON.stringify(gen.json)).toBe(201);
  return id;
}

export async function waitForImport(cookie: string, datasetId: string, importId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await call(cookie, "GET", `/api/datasets/${datasetId}/imports/${importId}`);
    if (r.json.import?.status === "succeeded" || r.json.import?.status === "failed") return r.json.import;
    if (Date.now() > deadline) throw new Error(`import ${importId} did not finish: ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
