/**
 * A worker process SIGKILLed in the middle of training: nothing is registered while it is dead; a new
 * worker picks the stalled job up, stops the orphaned trainer, resumes from the trainer's last
 * checkpoint (not from step 0) and registers exactly one version.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Job } from "bullmq";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { startWorkers, type Spawned } from "../../scripts/lib/platform";
import { db } from "@core/db/client";
import { resetEnvCache } from "@core/env";
import { queue } from "@core/queue/queues";
import { startTrainingRun } from "@core/models/start-training-run";
import type { ProgressData } from "@core/models/progress-data";
import { labelledDataset, userActor } from "../helpers/genrm-fixtures";

let t: TestEnv;
let dataDir: string;
const procs: Spawned[] = [];

beforeAll(async () => {
  t = await createTestEnv("genrmkill");
  dataDir = mkdtempSync(path.join(os.tmpdir(), "genrm-kill-"));
  process.env.DATA_DIR = dataDir;
  resetEnvCache();
});
afterAll(async () => {
  for (const p of procs) killTree(p.child.pid!, false);
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const ppidOf = (pid: string) => {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1]);
  } catch {
    return -1;
  }
};

/** The process and all its descendants (`tsx` runs the worker in a child process of its own). */
function tree(root: number): number[] {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  const out = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const pid of all) if (!out.includes(Number(pid)) && out.includes(ppidOf(pid))) (out.push(Number(pid)), (grew = true));
  }
  return out;
}

/**
 * SIGKILLs a worker like a crash would: the worker process and its children. With
 * `spareTrainer`, the Python trainer child survives as an orphan (as it would after an OOM kill of
 * the worker), so the retry has to deal with it.
 */
function killTree(root: number, spareTrainer: boolean) {
  for (const pid of tree(root).reverse()) {
    const cmd = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        return "";
      }
    })();
    if (spareTrainer && cmd.includes("genrm.trainer")) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

function spawnWorker(lines: string[]) {
  const p = startWorkers({ DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, WORKER_LOCK_MS: "2000", DATA_DIR: dataDir }, (l) => lines.push(l));
  procs.push(p);
  return p;
}

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const trainerProcesses = (runId: string) =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(runId);
      } catch {
        return false;
      }
    });

describe("killing the worker during training", () => {
  it("retries the job, resumes from the checkpoint and leaves exactly one registered version", async () => {
    const researcher = await userActor("researcher");
    const { datasetId } = await labelledDataset({ count: 240, seed: 5, owner: researcher });
    const lines1: string[] = [];
    const first = spawnWorker(lines1);
    await until(async () => lines1.some((l) => l.includes("workers ready")), (x) => x, 30_000, "first worker");

    // Checkpoints every 8 steps; no early stopping; ~130 steps, so the kill lands mid-training.
    const { trainingRun } = await startTrainingRun(researcher, {
      datasetIds: [datasetId], epochs: 12, evalEvery: 8, patience: 0, contextLength: 192, dModel: 32, nLayer: 1, nHead: 2, batchSize: 16, heldoutFraction: 0.25,
    });
    const runId = trainingRun.id;
    const before = await until(
      async () => ((await db().trainingRun.findUniqueOrThrow({ where: { id: runId } })).progressData ?? {}) as ProgressData,
      (pd) => (pd.lastCheckpointStep ?? 0) >= 8 && pd.phase === "training",
      150_000,
      "a checkpoint and a few more steps",
    );
    expect(before.totalSteps).toBeGreaterThan((before.step ?? 0) + 16); // really mid-training

    const exited = new Promise((r) => first.child.once("exit", r));
    killTree(first.child.pid!, true);
    await exited;
    expect(await db().genrmModel.count()).toBe(0); // nothing half-registered
    expect((await db().trainingRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

    const lines2: string[] = [];
    spawnWorker(lines2);
    const run = await until(
      () => db().trainingRun.findUniqueOrThrow({ where: { id: runId }, include: { model: true } }),
      (r) => r.status === "succeeded" || r.status === "failed",
      240_000,
      "the retried run to finish",
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(await db().genrmModel.count()).toBe(1);
    expect(run.model).toMatchObject({ version: 1, status: "candidate" });
    for (const f of ["model.onnx", "config.json"]) expect(existsSync(path.join(run.model!.artifactUri!, f))).toBe(true);
    expect(readdirSync(path.join(dataDir, "models")).filter((n) => n.startsWith(".staging"))).toEqual([]);

    // Resumed, not restarted: the second attempt says where it picked up, and the trainer ran to the end.
    const resumed = /resuming after step (\d+)/.exec(run.logs);
    expect(resumed, run.logs.slice(-3000)).not.toBeNull();
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(8);
    expect(run.logs).toMatch(/resumed from .*checkpoint\.pt at step \d+/);
    const tm = run.metrics as { steps: number; total_steps: number };
    expect(tm.steps).toBe(tm.total_steps);
    const pd = run.progressData as ProgressData;
    expect(pd.points!.map((p) => p.step)).toEqual([...pd.points!.map((p) => p.step)].sort((a, b) => a - b));

    // The job completed once in BullMQ, and no trainer of this run is left running.
    // (The run row is final a moment before the handler returns and BullMQ marks the job.)
    const job = await until(() => Job.fromId(queue("train"), trainingRun.jobId!), (j) => Boolean(j?.finishedOn), 30_000, "the job to complete");
    expect(await job!.getState()).toBe("completed");
    // `reused: true` is fine too: under CPU contention the 2 s test lock can lapse after registering,
    // and the re-run finds the version already there (idempotent).
    if (job!.returnvalue?.reused) console.warn("job re-ran after registering:", lines2.filter((l) => /job (failed|completed)|stalled|lock/i.test(l)).join("\n"));
    expect(job!.returnvalue).toMatchObject({ version: 1 });
    expect(trainerProcesses(runId)).toEqual([]);
  }, 420_000);
});
