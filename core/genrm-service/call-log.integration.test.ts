/** The judge API's call log: buffered records land as ApiCallLog rows with what each call was. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { db } from "../db/client";
import { flushApiCalls, recordApiCall } from "./call-log";

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv("calllog");
  process.env.LOG_REQUESTS = "0";
});
afterAll(async () => t.cleanup());

describe("ApiCallLog", () => {
  it("writes every recorded call, failures included, with the time of the call", async () => {
    const before = Date.now();
    const calls = Array.from({ length: 120 }, (_, i) => ({
      requestId: `req-${i}`,
      apiKeyId: i % 3 === 0 ? null : `key-${i % 2}`,
      route: i % 2 ? "judge" : "get_reward",
      modelId: i % 5 === 0 ? null : "model-1",
      modelVersion: i % 5 === 0 ? null : 1,
      batchSize: i,
      itemErrors: 0,
      status: i % 7 === 0 ? 401 : 200,
      latencyMs: 10 + i,
    }));
    for (const c of calls) recordApiCall(c);
    await flushApiCalls();
    const rows = await db().apiCallLog.findMany({ orderBy: { batchSize: "asc" } });
    expect(rows).toHaveLength(120);
    rows.forEach((r, i) => {
      const c = calls[i]!;
      expect(r).toMatchObject({ requestId: c.requestId, apiKeyId: c.apiKeyId, route: c.route, modelId: c.modelId, batchSize: c.batchSize, status: c.status, latencyMs: c.latencyMs });
      expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    });
    expect(new Set(rows.map((r) => r.id)).size).toBe(120);
    // Nothing left to write: a second flush adds nothing.
    await flushApiCalls();
    expect(await db().apiCallLog.count()).toBe(120);
  });
});
