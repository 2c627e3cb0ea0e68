/**
 * A job enqueued through the web's operation is processed by a separate worker process; killing that
 * worker with SIGKILL mid-job leaves the job stalled, a new worker picks it up, and it completes exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Job, QueueEvents } from "bullmq";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { startWorkers, type Spawned } from "../../scripts/lib/platform";
import { enqueueSelfcheck } from "@core/status/enqueue-selfcheck";
import { queue } from "@core/queue/queues";
import { db } from "@core/db/client";
import { createRedis } from "@core/queue/redis";

let t: TestEnv;
const procs: Spawned[] = [];
const researcher = { kind: "user" as const, userId: "u1", role: "researcher" as const, email: "r@x", name: "R" };

beforeAll(async () => {
  t = await createTestEnv("workerkill");
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop("SIGKILL")));
  await t.cleanup();
});

function spawnWorker(lines: string[]) {
  const p = startWorkers({ DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, WORKER_LOCK_MS: "2000" }, (l) => lines.push(l));
  procs.push(p);
  return p;
}

async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("worker process", () => {
  it("recovers a job whose worker was SIGKILLed mid-job, and completes it exactly once", async () => {
    const lines: string[] = [];
    const first = spawnWorker(lines);
    await until(() => lines.some((l) => l.includes("workers ready")), 30_000, "first worker");
    const { jobId } = await enqueueSelfcheck(researcher, { note: "kill-me", sleepMs: 4000 });
    const q = queue("default");
    await until(async () => (await Job.fromId(q, jobId))?.progress !== 0 && (await q.getActiveCount()) === 1, 20_000, "job to start");
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    expect(await db().jobEffect.count()).toBe(0); // it died before finishing

    const events = new QueueEvents("default", { connection: createRedis("worker"), prefix: t.queuePrefix });
    await events.waitUntilReady();
    const lines2: string[] = [];
    spawnWorker(lines2);
    const job = await Job.fromId(q, jobId);
    const result = await job!.waitUntilFinished(events, 60_000);
    await events.close();

    expect(result).toHaveProperty("effectId");
    const effects = await db().jobEffect.findMany({ where: { jobId } });
    expect(effects).toHaveLength(1);
    expect((await Job.fromId(q, jobId))!.finishedOn).toBeTruthy();
    expect(await q.getCompletedCount()).toBe(1);
  }, 120_000);
});
