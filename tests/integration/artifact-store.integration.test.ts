/**
 * The artifact store, the same tests against the local directory and against an S3-compatible server
 * (s3rver, in this process): basic operations, a model folder's round trip, an import uploaded by the
 * web side and read by a worker with another scratch folder, a run's data and checkpoint moving to a
 * retry on another worker, and a training run whose version's artifacts live in the store and are
 * loaded for judging by a process that has never seen them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { startS3TestServer, type S3TestServer } from "../helpers/s3-test-server";
import { labelledDataset, userActor } from "../helpers/genrm-fixtures";
import { fakeJobContext } from "../helpers/job-context";
import { resetEnvCache } from "@core/env";
import { db } from "@core/db/client";
import { ArtifactNotFoundError, type ArtifactStore } from "@core/storage/artifact-store";
import { artifactStore } from "@core/storage/open-artifact-store";
import { localArtifactFolder } from "@core/storage/local-artifact-folder";
import { getFolder, putFolder } from "@core/storage/store-folders";
import { createDataset } from "@core/datasets/create-dataset";
import { startImport } from "@core/datasets/start-import";
import { runImport } from "@core/datasets/run-import";
import { importKey } from "@core/datasets/import-files";
import { createTrainingRun } from "@core/models/start-training-run";
import { trainingParamsSchema } from "@core/models/training-params";
import { runCheckpointKey, runTrainFile, runTrainKey, runTrainerDir } from "@core/models/paths";
import { checkpointUploader, dropRunCheckpoint, restoreRunFiles, saveRunTrainFile } from "@core/models/run-files";
import { createBackend } from "@core/genrm-service/create-backend";
import { isItemFailure } from "@genrm/types";
import { genrmTrain } from "../../workers/handlers/genrm-train";

/** Small and fast on 2 cores (as in genrm-training.integration.test.ts). */
const SMALL_MODEL = { epochs: 1, contextLength: 192, dModel: 32, nLayer: 1, nHead: 2, batchSize: 16, heldoutFraction: 0.25, valFraction: 0.1 };
const STORE_VARS = ["ARTIFACT_STORE", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DATA_DIR", "SCRATCH_DIR"] as const;
const saved = Object.fromEntries(STORE_VARS.map((k) => [k, process.env[k]]));

let t: TestEnv;
let s3: S3TestServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "genrm-store-"));
  s3 = await startS3TestServer();
  t = await createTestEnv("artifactstore");
});
afterAll(async () => {
  for (const k of STORE_VARS) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
  resetEnvCache();
  await t?.cleanup();
  await s3?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function useEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvCache();
}

/** A folder standing for one machine's scratch space (web, worker or judge service). */
function machine(kind: string, name: string): string {
  return path.join(tmp, kind, name);
}

describe.each(["local", "s3"] as const)("%s artifact store", (kind) => {
  let store: ArtifactStore;

  beforeAll(() => {
    const vars = kind === "s3" ? s3.env("platform") : { ARTIFACT_STORE: undefined, S3_ENDPOINT: undefined, S3_FORCE_PATH_STYLE: undefined };
    useEnv({ ...vars, DATA_DIR: path.join(tmp, kind, "data"), SCRATCH_DIR: undefined });
    store = artifactStore();
  });

  it("puts, gets, lists, moves and deletes; missing keys and bad keys are clear errors", async () => {
    await store.put("t/a.txt", "alpha");
    await store.put("t/sub/b.bin", Buffer.from([1, 2, 3]));
    expect((await store.get("t/a.txt")).toString()).toBe("alpha");
    expect([...(await store.get("t/sub/b.bin"))]).toEqual([1, 2, 3]);
    expect(await store.exists("t/a.txt")).toBe(true);
    expect(await store.exists("t/none.txt")).toBe(false);
    expect(await store.list("t")).toEqual(["t/a.txt", "t/sub/b.bin"]);

    const file = path.join(machine(kind, "ops"), "copy.txt");
    await store.getFile("t/a.txt", file);
    expect(readFileSync(file, "utf8")).toBe("alpha");
    writeFileSync(file, "beta");
    await store.putFile("t/a.txt", file);
    expect((await store.get("t/a.txt")).toString()).toBe("beta");

    await store.movePrefix("t/sub", "t/moved");
    expect(await store.list("t")).toEqual(["t/a.txt", "t/moved/b.bin"]);
    expect(store.keyOf(store.uri("t/moved"))).toBe("t/moved");
    expect(store.keyOf(kind === "s3" ? "s3://elsewhere/x" : "/elsewhere/x")).toBeNull();

    await store.delete("t/a.txt");
    await store.deletePrefix("t/moved");
    expect(await store.list("t")).toEqual([]);
    await expect(store.get("t/a.txt")).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.getFile("t/a.txt", file)).rejects.toThrow(/No artifact "t\/a.txt"/);
    await expect(store.put("../escape", "x")).rejects.toThrow(/Bad artifact key "..\/escape"/);
    await expect(store.put("/abs", "x")).rejects.toThrow(/Bad artifact key/);
  });

  it("never names credentials in its location or URIs", () => {
    for (const s of [store.location, store.uri("models/x")]) expect(s).not.toMatch(/S3RVER/);
    expect(store.uri("models/x")).toBe(kind === "s3" ? `s3://${s3.bucket}/platform/models/x` : path.join(tmp, kind, "data", "models", "x"));
  });

  it("a model folder round-trips: stored from one machine, materialised on another", async () => {
    const src = machine(kind, "trainer-out");
    await mkdir(path.join(src, "tokenizer"), { recursive: true });
    writeFileSync(path.join(src, "model.onnx"), Buffer.alloc(300_000, 7));
    writeFileSync(path.join(src, "config.json"), '{"a":1}');
    writeFileSync(path.join(src, "tokenizer", "vocab.txt"), "x\ny");
    writeFileSync(path.join(src, "checkpoint.pt"), "resumable");
    expect(await putFolder(store, "models/roundtrip", src, new Set(["checkpoint.pt"]))).toHaveLength(3);

    useEnv({ SCRATCH_DIR: machine(kind, "judge-a") });
    const local = await localArtifactFolder(store.uri("models/roundtrip"));
    if (kind === "s3") expect(local.startsWith(machine(kind, "judge-a"))).toBe(true);
    expect(readFileSync(path.join(local, "model.onnx")).equals(Buffer.alloc(300_000, 7))).toBe(true);
    expect(readFileSync(path.join(local, "tokenizer", "vocab.txt"), "utf8")).toBe("x\ny");
    expect(existsSync(path.join(local, "checkpoint.pt"))).toBe(false);
    expect(await localArtifactFolder(store.uri("models/roundtrip"))).toBe(local); // cached, not fetched again

    const copy = machine(kind, "copy");
    expect(await getFolder(store, "models/roundtrip", copy)).toBe(3);
    expect(readFileSync(path.join(copy, "config.json"), "utf8")).toBe('{"a":1}');
    if (kind === "s3") await expect(localArtifactFolder(`s3://${s3.bucket}/other-prefix/models/x`)).rejects.toThrow(/outside this process's artifact store/);
    useEnv({ SCRATCH_DIR: undefined });
  });

  it("an upload received by the web side is imported by a worker with its own scratch folder", async () => {
    const researcher = await userActor("researcher");
    const ds = await createDataset(researcher, { name: `store import ${kind}` });
    const lines = [
      JSON.stringify({ prompt: "What is 2+2?", chosen: "4", rejected: "5" }),
      JSON.stringify({ prompt: "Name a prime.", chosen: "7", rejected: "8" }),
    ];
    useEnv({ SCRATCH_DIR: machine(kind, "web") });
    const imp = await startImport(researcher, ds.id, { fileName: "prefs.jsonl" }, [Buffer.from(lines.join("\n"))]);
    expect(await store.exists(importKey(imp.id))).toBe(true);
    if (kind === "s3") expect(readdirSync(path.join(machine(kind, "web"), "imports"))).toEqual([]); // nothing left on the web machine

    useEnv({ SCRATCH_DIR: machine(kind, "worker") });
    const result = await runImport(imp.id, { progress: async () => undefined });
    expect(result).toMatchObject({ status: "succeeded", records: 2 });
    expect(await db().prompt.count({ where: { datasetId: ds.id } })).toBe(2);
    if (kind === "s3") expect(readdirSync(path.join(machine(kind, "worker"), "imports"))).toEqual([]); // the downloaded copy is released
    expect(await store.exists(importKey(imp.id))).toBe(true); // kept for re-runs and audits
    useEnv({ SCRATCH_DIR: undefined });
  });

  it("a run's training data and checkpoint follow it to a retry on another worker", async () => {
    const runId = `resume-${kind}`;
    useEnv({ SCRATCH_DIR: machine(kind, "worker-a") });
    await mkdir(runTrainerDir(runId), { recursive: true });
    writeFileSync(runTrainFile(runId), '{"row":1}\n');
    writeFileSync(path.join(runTrainerDir(runId), "checkpoint.pt"), "step 40");
    await saveRunTrainFile(runId);
    const warnings: string[] = [];
    const uploads = checkpointUploader(runId, (m) => warnings.push(m));
    uploads.save();
    await uploads.settled();
    expect(warnings).toEqual([]);

    useEnv({ SCRATCH_DIR: machine(kind, "worker-b") });
    expect(existsSync(runTrainFile(runId))).toBe(false);
    await restoreRunFiles(runId);
    expect(readFileSync(runTrainFile(runId), "utf8")).toBe('{"row":1}\n');
    expect(readFileSync(path.join(runTrainerDir(runId), "checkpoint.pt"), "utf8")).toBe("step 40");
    await dropRunCheckpoint(runId);
    expect(await store.exists(runCheckpointKey(runId))).toBe(false);
    expect(await store.exists(runTrainKey(runId))).toBe(true);
    useEnv({ SCRATCH_DIR: undefined });
  });

  it("a training run registers a version whose artifacts are in the store; another machine loads it to judge", async () => {
    const researcher = await userActor("researcher");
    const { datasetId } = await labelledDataset({ count: 160, seed: kind === "s3" ? 3 : 4, name: `store train ${kind}` });
    const p = trainingParamsSchema.parse({ ...SMALL_MODEL, datasetIds: [datasetId], name: `store ${kind}` });
    const runId = (await createTrainingRun(p, { createdById: researcher.userId })).id;

    useEnv({ SCRATCH_DIR: machine(kind, "train-worker") });
    const out = (await genrmTrain.handle({ trainingRunId: runId }, fakeJobContext())) as { modelId: string; version: number };
    const model = await db().genrmModel.findUniqueOrThrow({ where: { id: out.modelId } });
    const key = `models/v${model.version}-${runId}`;
    expect(model.artifactUri).toBe(store.uri(key));
    expect(await store.list(key)).toEqual(expect.arrayContaining([`${key}/model.onnx`, `${key}/config.json`, `${key}/metrics.json`]));
    expect((await store.list("models")).filter((k) => k.includes(".staging"))).toEqual([]);
    expect(await store.exists(runTrainKey(runId))).toBe(true);
    expect(await store.exists(`runs/${runId}/trainer/checkpoint.pt`)).toBe(false);

    useEnv({ SCRATCH_DIR: machine(kind, "judge-service") });
    const backend = await createBackend(model).catch((e: Error) => e);
    if (backend instanceof Error) throw backend;
    try {
      const [judged] = await backend.judge([{ prompt: "What is 2+2?", reference: "4", candidate: "5" }]);
      if (!judged || isItemFailure(judged)) throw new Error(`no judgement: ${JSON.stringify(judged)}`);
      expect(judged.better + judged.same + judged.worse).toBeCloseTo(1, 5);
    } finally {
      await backend.close?.();
    }
    if (kind === "s3") expect(readdirSync(path.join(machine(kind, "judge-service"), "cache"))).toHaveLength(1);
    useEnv({ SCRATCH_DIR: undefined });
  }, 240_000);
});
