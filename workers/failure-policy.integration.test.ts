/**
 * The failure policy in a real worker (workers/worker.ts) with real Redis and Postgres: a job whose input
 * can never succeed fails after one attempt although it may have three; a passing failure is retried and,
 * once no attempt remains, recorded on the domain row by the job's final-failure hook.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../tests/helpers/test-db";
import { db } from "@core/db/client";
import { queue } from "@core/queue/queues";
import { startWorkers } from "./worker";

let t: TestEnv;
let close: () => Promise<void>;

beforeAll(async () => {
  t = await createTestEnv("failpolicy");
  ({ close } = await startWorkers({ queues: ["default"] }));
});
afterAll(async () => {
  await close?.();
  await t.cleanup();
});

async function settled(jobId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue("default").getJobState(jobId);
    // Read the job after its state: a job read first may be a snapshot from before it failed (no failedReason yet).
    if (state === "failed" || state === "completed") return { job: (await queue("default").getJob(jobId))!, state };
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("failure policy in the worker", () => {
  it("NotFound (a tournament run that does not exist): one attempt of three, then failed for good", async () => {
    const job = await queue("default").add("tournament.run", { tournamentRunId: "does-not-exist" }, { attempts: 3, backoff: { type: "fixed", delay: 50 } });
    const { job: done, state } = await settled(job.id!);
    expect(state).toBe("failed");
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/not found/);
  });

  it("a crash (the import's file is missing) retries, then the import row says failed", async () => {
    const user = await db().user.create({ data: { email: "fp@x.test", name: "F", role: "researcher" } });
    const ds = await db().dataset.create({ data: { name: "fp", createdById: user.id } });
    const imp = await db().datasetImport.create({ data: { datasetId: ds.id, fileName: "gone.jsonl", format: "auto" } });
    const job = await queue("default").add("dataset.import", { importId: imp.id }, { attempts: 2, backoff: { type: "fixed", delay: 50 } });
    const { job: done, state } = await settled(job.id!);
    expect(state).toBe("failed");
    expect(done.attemptsMade).toBe(2);
    const row = await db().datasetImport.findUniqueOrThrow({ where: { id: imp.id } });
    expect(row.status).toBe("failed");
    expect(row.message).toMatch(/Import failed: .*(ENOENT|no such file)/);
  });

  it("a malformed payload is not retried", async () => {
    const job = await queue("default").add("dataset.import", { importId: 42 }, { attempts: 3, backoff: { type: "fixed", delay: 50 } });
    const { job: done, state } = await settled(job.id!);
    expect(state).toBe("failed");
    expect(done.attemptsMade).toBeLessThanOrEqual(1); // failed at its first try, never retried
    expect(done.failedReason).toMatch(/malformed payload/);
  });
});
