/**
 * Scale-out: two worker processes, two web processes and two judge services, each with its own scratch
 * folder, against one database, one queue prefix and one S3-compatible artifact store (s3rver, started
 * here); no disk is shared. An import, a training run, its evaluation, a tournament and judge calls go
 * through both web processes (judge calls also through both judge services); every result is checked to
 * exist exactly once.
 * Uses the production build made by the e2e set-up; its own database, queue prefix and store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { startJudgeService, startWeb, startWorkers, waitForHttp, type Spawned } from "../../scripts/lib/platform";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { startS3TestServer, type S3TestServer } from "../helpers/s3-test-server";
import { labelledDataset } from "../helpers/genrm-fixtures";
import { freePort } from "../helpers/judge-fixtures";
import { resetEnvCache } from "@core/env";
import { db } from "@core/db/client";
import { closeSqlPool } from "@core/db/sql-pool";
import { artifactStore } from "@core/storage/open-artifact-store";
import { importKey } from "@core/datasets/import-files";
import { seedDemoAccounts } from "../../prisma/seed/demo-accounts";
import { DEMO, DEMO_PASSWORD } from "./helpers";

const SMALL_MODEL = { epochs: 1, contextLength: 192, dModel: 32, nLayer: 1, nHead: 2, batchSize: 16, heldoutFraction: 0.25, valFraction: 0.1 };
const STORE_VARS = ["ARTIFACT_STORE", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;
const saved = Object.fromEntries(STORE_VARS.map((k) => [k, process.env[k]]));

let t: TestEnv;
let s3: S3TestServer;
let tmp: string;
const children: Spawned[] = [];
const logs: string[] = [];
let webs: string[] = [];
let judges: string[] = [];
let cookie: string;
const scratch = (name: string) => path.join(tmp, name);

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.7.${Math.floor(Math.random() * 250)}.1` },
    body: JSON.stringify({ email: DEMO.researcher, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
}

async function call(base: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { cookie, ...(typeof body === "string" ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} on ${base}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs.slice(-60).join("\n")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "genrm-multi-"));
  s3 = await startS3TestServer();
  const storeEnv = s3.env(`mp-${randomBytes(3).toString("hex")}`);
  Object.assign(process.env, storeEnv);
  t = await createTestEnv("multiproc");
  resetEnvCache();
  await seedDemoAccounts(db());
  const env = {
    DATABASE_URL: t.databaseUrl,
    QUEUE_PREFIX: t.queuePrefix,
    AUTH_SECRET: process.env.AUTH_SECRET!,
    EXPORT_SALT: randomBytes(32).toString("base64url"),
    NODE_ENV: "production",
    LOG_REQUESTS: "0",
    TRUST_PROXY: "1",
    WORKER_LOCK_MS: "10000",
    DATA_DIR: scratch("no-shared-data-dir"),
    ...storeEnv,
  };
  const keep = (l: string) => {
    logs.push(l);
    if (logs.length > 400) logs.shift();
    if (process.env.E2E_VERBOSE) console.log(l);
  };
  for (const name of ["worker-1", "worker-2"]) children.push(startWorkers({ ...env, SCRATCH_DIR: scratch(name) }, (l) => keep(`${name} ${l}`)));
  const ports = [await freePort(), await freePort()];
  ports.forEach((port, i) => children.push(startWeb(port, { ...env, SCRATCH_DIR: scratch(`web-${i + 1}`) }, (l) => keep(`web-${i + 1} ${l}`))));
  webs = ports.map((p) => `http://127.0.0.1:${p}`);
  const judgePorts = [await freePort(), await freePort()];
  judgePorts.forEach((port, i) => children.push(startJudgeService(port, { ...env, SCRATCH_DIR: scratch(`judge-${i + 1}`) }, (l) => keep(`judge-${i + 1} ${l}`))));
  judges = judgePorts.map((p) => `http://127.0.0.1:${p}`);
  await Promise.all([...webs.map((w) => waitForHttp(`${w}/signin`, 120_000)), ...judges.map((j) => waitForHttp(`${j}/healthz`, 120_000))]);
  cookie = await signIn(webs[0]!); // a session signed by one web process is valid on the other
}, 300_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await closeSqlPool();
  await t?.cleanup();
  await s3?.close();
  for (const k of STORE_VARS) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
  resetEnvCache();
  rmSync(tmp, { recursive: true, force: true });
});

describe("two web processes and two workers sharing one database, queue and artifact store", () => {
  let importedDatasetId: string;
  let model: { id: string; version: number };

  it("an import uploaded to one web process is run by a worker and read back through the other", async () => {
    const { dataset } = await call(webs[0]!, "POST", "/api/datasets", { name: "multi-process import" });
    importedDatasetId = dataset.id;
    const lines = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ prompt: `What is ${i} + ${i}?`, responses: ["a", "b", "c", "d"].map((m, j) => ({ model: `model-${m}`, text: `${2 * i + j - 1}${"!".repeat(j)}` })) }),
    );
    const { import: imp } = await call(webs[1]!, "POST", `/api/datasets/${dataset.id}/imports?fileName=mp.jsonl`, lines.join("\n"), { "content-type": "application/x-ndjson" });
    expect(await artifactStore().exists(importKey(imp.id))).toBe(true);
    const done = await until("the import", async () => {
      const { import: row } = await call(webs[0]!, "GET", `/api/datasets/${dataset.id}/imports/${imp.id}`);
      return row.status === "succeeded" || row.status === "failed" ? row : null;
    });
    expect(done).toMatchObject({ status: "succeeded", added: 48, skipped: 0 });
    expect(await db().datasetImport.count({ where: { datasetId: dataset.id } })).toBe(1);
    expect(await db().prompt.count({ where: { datasetId: dataset.id } })).toBe(12);
    expect(await db().response.count({ where: { prompt: { datasetId: dataset.id } } })).toBe(48);
    // The web processes keep no upload behind; no worker kept its downloaded copy.
    for (const name of ["web-1", "web-2", "worker-1", "worker-2"]) {
      const dir = path.join(scratch(name), "imports");
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    }
  });

  it("a training run started on one web process is trained by one worker, its version stored in S3 and evaluated", async () => {
    const { datasetId } = await labelledDataset({ count: 160, seed: 5, name: "multi-process labels" });
    const researcher = await db().user.findUniqueOrThrow({ where: { email: DEMO.researcher } });
    await db().dataset.update({ where: { id: datasetId }, data: { createdById: researcher.id } });
    const started = await call(webs[1]!, "POST", "/api/training-runs", { kind: "tiny", datasetIds: [datasetId], name: "multi-process", ...SMALL_MODEL });
    const runId: string = started.trainingRun.id;
    const run = await until("the training run", async () => {
      const r = await db().trainingRun.findUniqueOrThrow({ where: { id: runId }, include: { model: true } });
      return r.status === "succeeded" || r.status === "failed" ? r : null;
    }, 300_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(await db().genrmModel.count({ where: { trainingRun: { id: runId } } })).toBe(1);
    model = { id: run.model!.id, version: run.model!.version };
    const store = artifactStore();
    const key = `models/v${model.version}-${runId}`;
    expect(run.model!.artifactUri).toBe(store.uri(key));
    expect(run.model!.artifactUri).toMatch(/^s3:\/\//);
    expect(await store.list(key)).toEqual(expect.arrayContaining([`${key}/model.onnx`, `${key}/config.json`]));
    // Exactly one worker trained it, in its own scratch folder.
    const trainedOn = ["worker-1", "worker-2"].filter((w) => existsSync(path.join(scratch(w), "runs", runId)));
    expect(trainedOn).toHaveLength(1);
    // Its evaluation (a worker loading the model from the store) ran once.
    const evaluation = await until("the evaluation", async () => {
      const evs = await db().evaluation.findMany({ where: { modelId: model.id } });
      return evs.length && evs.every((e) => e.status === "succeeded" || e.status === "failed") ? evs : null;
    });
    expect(evaluation.map((e) => e.status)).toEqual(["succeeded"]);
    const seen = await call(webs[0]!, "GET", `/api/training-runs/${runId}`);
    expect(JSON.stringify(seen)).toContain(runId);
  }, 360_000);

  it("judge calls through both web processes and both judge services each load the model from the store and are all answered and logged once", async () => {
    const { key } = await call(webs[0]!, "POST", "/api/keys", { name: "multi-process judge", scopes: ["judge"] });
    const perServer = 6;
    const servers = [...webs, ...judges];
    const replies = await Promise.all(
      servers.flatMap((w, wi) =>
        Array.from({ length: perServer }, async (_, i) => {
          const res = await fetch(`${w}/api/v1/judge`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${key.key}` },
            body: JSON.stringify({ model: model.version, items: [{ id: `w${wi}-${i}`, prompt: `Q ${wi} ${i}`, response: `candidate ${i}`, reference: `reference ${i}` }] }),
          });
          const body = await res.json();
          return { status: res.status, body };
        }),
      ),
    );
    for (const r of replies) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.results).toHaveLength(1);
      const p = r.body.results[0].probs;
      expect(p.better + p.same + p.worse).toBeCloseTo(1, 5);
    }
    expect(replies).toHaveLength(servers.length * perServer);
    // Each process fetched the model into its own cache.
    for (const name of ["web-1", "web-2", "judge-1", "judge-2"]) expect(readdirSync(path.join(scratch(name), "cache"))).toHaveLength(1);
    const logged = await until("the call log", async () => {
      const n = await db().apiCallLog.count({ where: { apiKeyId: key.id } });
      return n >= servers.length * perServer ? n : null;
    }, 30_000);
    expect(logged).toBe(servers.length * perServer);
  }, 120_000);

  it("a tournament started on one web process finishes on the workers, every prompt decided once", async () => {
    const { run } = await call(webs[0]!, "POST", "/api/tournaments", { datasetId: importedDatasetId, modelId: model.id, maxPrompts: 3 });
    const finished = await until("the tournament", async () => {
      const r = await db().tournamentRun.findUniqueOrThrow({ where: { id: run.id } });
      return r.status === "succeeded" || r.status === "failed" ? r : null;
    }, 240_000);
    expect(finished.error).toBeNull();
    expect(finished).toMatchObject({ status: "succeeded", total: 3, done: 3 });
    const tournaments = await db().tournament.findMany({ where: { runId: run.id } });
    expect(tournaments).toHaveLength(3);
    expect(new Set(tournaments.map((x) => x.promptId)).size).toBe(3);
    expect(tournaments.every((x) => x.status === "succeeded" && x.winnerResponseId)).toBe(true);
    const seen = await call(webs[1]!, "GET", `/api/tournaments/${run.id}`);
    expect(seen.run).toMatchObject({ id: run.id, status: "succeeded", done: 3 });
  }, 300_000);
});
