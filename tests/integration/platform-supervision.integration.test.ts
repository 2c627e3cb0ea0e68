/**
 * `npm start`'s supervision, with the same code (scripts/lib/platform-processes.ts): the worker process
 * is SIGKILLed in the middle of a training job (as an out-of-memory kill would). The web app keeps
 * answering throughout — pages and judge calls forwarded to the judge service — the supervisor reports
 * the crash (terminal line and the status page's Redis record) and starts a new worker, which resumes
 * the stalled job; the job finishes and registers exactly one version. Stopping stops every process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Job } from "bullmq";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { createModel, freePort, keyActor } from "../helpers/judge-fixtures";
import { labelledDataset, userActor } from "../helpers/genrm-fixtures";
import { buildWeb, waitForHttp } from "../../scripts/lib/platform";
import { startPlatformProcesses, type PlatformProcesses } from "../../scripts/lib/platform-processes";
import { db } from "@core/db/client";
import { resetEnvCache } from "@core/env";
import { queue } from "@core/queue/queues";
import { startTrainingRun } from "@core/models/start-training-run";
import { getQueueStatus } from "@core/status/get-queue-status";
import type { ProgressData } from "@core/models/progress-data";

let t: TestEnv;
let dataDir: string;
let platform: PlatformProcesses | null = null;

beforeAll(async () => {
  t = await createTestEnv("supervise");
  dataDir = mkdtempSync(path.join(os.tmpdir(), "genrm-supervise-"));
  process.env.DATA_DIR = dataDir;
  resetEnvCache();
  buildWeb((l) => console.log(l));
}, 900_000);
afterAll(async () => {
  await platform?.stop();
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(get: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Asks the web app something every `everyMs` until stopped; every failure is kept. */
function keepAsking(ask: () => Promise<number>, everyMs: number) {
  const failures: string[] = [];
  let answered = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const status = await ask();
        if (status >= 500) failures.push(`HTTP ${status} at ${new Date().toISOString()}`);
        else answered++;
      } catch (e) {
        failures.push(`${(e as Error).message} at ${new Date().toISOString()}`);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    failures,
    answered: () => answered,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe("npm start's supervisor", () => {
  it("restarts a SIGKILLed worker while the web app keeps answering; the training finishes with one version", async () => {
    const [webPort, judgePort] = [await freePort(), await freePort()];
    const lines: string[] = [];
    const said: string[] = [];
    platform = startPlatformProcesses({
      webPort,
      judgePort,
      host: "127.0.0.1",
      env: { DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, DATA_DIR: dataDir, WORKER_LOCK_MS: "2000", GENRM_ALLOW_TEST_BACKENDS: "1", LOG_REQUESTS: "0", AUTH_SECRET: process.env.AUTH_SECRET },
      onLine: (l) => lines.push(l),
      log: (l) => said.push(l),
      backoff: { initialMs: 500, maxMs: 5000, resetAfterMs: 60_000 },
    });
    const web = `http://127.0.0.1:${webPort}`;
    await Promise.all([waitForHttp(`${web}/signin`, 120_000), waitForHttp(`${platform.judgeUrl}/healthz`, 60_000)]);
    await until(() => lines.some((l) => l.includes("workers ready")), (x) => x, 60_000, "the workers");

    // A judge key and an active zero-cost model: judge calls to the web app's URL go to the judge service.
    const { key } = await keyActor(["judge"]);
    const zero = await createModel({ backend: "zero-cost", status: "active" });
    const judgeViaWeb = () =>
      fetch(`${web}/get_reward`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: ["p r"], prompts: ["p"], labels: ["ref"] }) });
    const first = await judgeViaWeb();
    expect(first.status, await first.clone().text()).toBe(200);
    expect(((await first.json()) as { rewards: number[] }).rewards).toHaveLength(1);

    const pages = keepAsking(async () => (await fetch(`${web}/signin`)).status, 250);
    const judging = keepAsking(async () => (await judgeViaWeb()).status, 1000);

    const researcher = await userActor("researcher");
    const { datasetId } = await labelledDataset({ count: 240, seed: 5, owner: researcher });
    const { trainingRun } = await startTrainingRun(researcher, {
      datasetIds: [datasetId], epochs: 12, evalEvery: 8, patience: 0, contextLength: 192, dModel: 32, nLayer: 1, nHead: 2, batchSize: 16, heldoutFraction: 0.25,
    });
    const runId = trainingRun.id;
    const before = await until(
      async () => ((await db().trainingRun.findUniqueOrThrow({ where: { id: runId } })).progressData ?? {}) as ProgressData,
      (pd) => (pd.lastCheckpointStep ?? 0) >= 8 && pd.phase === "training",
      150_000,
      "a checkpoint mid-training",
    );
    expect(before.totalSteps).toBeGreaterThan((before.step ?? 0) + 16);

    // The crash: SIGKILL of the worker process alone (its trainer child is orphaned, as after an OOM kill).
    const killed = platform.supervisor.current("workers")!.child.pid!;
    process.kill(killed, "SIGKILL");
    await until(() => said.join("\n"), (s) => s.includes(`workers (pid ${killed}) killed by SIGKILL`), 10_000, "the crash line");
    const restarted = await until(
      () => platform!.supervisor.records().find((r) => r.name === "workers")!,
      (r) => r.state === "running" && r.pid !== killed,
      30_000,
      "the restarted worker",
    );
    expect(restarted).toMatchObject({ restarts: 1, lastExit: { signal: "SIGKILL" } });
    expect(platform.supervisor.records().filter((r) => r.name !== "workers").every((r) => r.restarts === 0 && r.state === "running")).toBe(true);

    // What the status page shows (read through the same operation the page calls).
    const status = await until(() => getQueueStatus(researcher), (s) => s.events.some((e) => e.name === "workers" && e.kind === "started"), 20_000, "the status record");
    expect(status.processes.find((p) => p.name === "workers")).toMatchObject({ state: "running", restarts: 1 });
    expect(status.events.find((e) => e.kind === "crashed")).toMatchObject({ name: "workers", pid: killed, signal: "SIGKILL" });

    const run = await until(
      () => db().trainingRun.findUniqueOrThrow({ where: { id: runId }, include: { model: true } }),
      (r) => r.status === "succeeded" || r.status === "failed",
      300_000,
      "the resumed run to finish",
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(await db().genrmModel.count({ where: { backend: { not: "zero-cost" } } })).toBe(1);
    expect(run.logs).toMatch(/resuming after step \d+/);
    const job = await until(() => Job.fromId(queue("train"), trainingRun.jobId!), (j) => Boolean(j?.finishedOn), 30_000, "the job to complete");
    expect(await job!.getState()).toBe("completed");
    expect(job!.returnvalue).toMatchObject({ version: zero.version + 1 });

    await pages.stop();
    await judging.stop();
    expect(pages.failures, "the web app stopped answering").toEqual([]);
    expect(judging.failures, "judge calls through the web app failed").toEqual([]);
    expect(pages.answered()).toBeGreaterThan(20);

    // Ctrl-C path: everything stops, nothing is restarted.
    const p = platform;
    platform = null;
    await p.stop();
    expect(p.supervisor.records().map((r) => r.state)).toEqual(["stopped", "stopped", "stopped"]);
    await expect(fetch(`${web}/signin`)).rejects.toThrow();
  }, 600_000);
});
