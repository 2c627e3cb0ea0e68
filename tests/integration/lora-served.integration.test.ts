/**
 * A LoRA version from training to serving, against real Postgres and Redis and the fake vLLM server on
 * a real socket: the run names the server → after training the adapter is loaded there under
 * "genrm-v<N>" → the version is evaluated on its held-out labels through that server → promoted, the
 * judge API serves it → retiring a version unloads its adapter; promoting reloads one a restarted
 * server lost.
 * The trainer step itself needs transformers + peft. Where they are missing (this is printed), a
 * pre-made adapter folder (tests/fixtures/lora-adapter) stands in for the trainer's output, and every
 * later step still runs.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { labelledDataset, userActor } from "../helpers/genrm-fixtures";
import { keyActor } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { createTrainingRun } from "@core/models/start-training-run";
import { runTraining } from "@core/models/run-training";
import { trainingParamsSchema } from "@core/models/training-params";
import { runEvaluation } from "@core/models/evaluation/run-evaluation";
import { promoteModel, retireModel } from "@core/models/activate-model";
import { closeServingPool, forgetServingModels, judgeForActor, resetServingConfig } from "@core/genrm-service";
import { startFakeVllmServer, type FakeVllmServer } from "@genrm/backends/fake/fake-vllm-server";
import { REPO_ROOT } from "@genrm/python";

const FIXTURE = path.join(REPO_ROOT, "tests/fixtures/lora-adapter");
const PYTHON = process.env.GENRM_PYTHON || "/usr/bin/python3";

/** "" when the trainer's lora kind can run here, else why not. */
function loraTrainerMissing(): string {
  try {
    execFileSync(PYTHON, ["-c", "import torch, transformers, peft, tokenizers"], { stdio: "pipe", timeout: 120_000 });
    return "";
  } catch (e) {
    const err = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split("\n").pop();
    return err || "import failed";
  }
}

/** A tiny random Llama + word-level tokenizer (the trainer's own test helper), when transformers is here. */
function writeTinyBaseModel(dir: string) {
  const code = [
    "import sys",
    "from genrm.trainer.tests.helpers import toy_rows",
    "from genrm.trainer.tests.test_lora import write_tiny_hf_model",
    "write_tiny_hf_model(sys.argv[1], toy_rows(96))",
  ].join("\n");
  execFileSync(PYTHON, ["-c", code, dir], { cwd: REPO_ROOT, env: { ...process.env, PYTHONPATH: REPO_ROOT }, stdio: "pipe", timeout: 300_000 });
}

let t: TestEnv;
let researcher: Actor;
let vllm: FakeVllmServer;
let datasetId: string;
let baseModel: string;
let missing: string;
const tmp = mkdtempSync(path.join(os.tmpdir(), "lora-served-"));

beforeAll(async () => {
  t = await createTestEnv("loraserved");
  process.env.DATA_DIR = path.join(tmp, "data");
  researcher = await userActor("researcher");
  resetServingConfig();
  vllm = await startFakeVllmServer({ model: "tiny-llama-base" });
  datasetId = (await labelledDataset({ count: 60 })).datasetId;
  missing = loraTrainerMissing();
  baseModel = path.join(tmp, "base");
  mkdirSync(baseModel, { recursive: true });
  if (missing) {
    console.warn(`lora trainer step SKIPPED (transformers/peft missing: ${missing}); a pre-made adapter stands in for its output`);
    writeFileSync(path.join(baseModel, "config.json"), JSON.stringify({ model_type: "llama" }));
  } else {
    console.warn(`lora trainer step RUNS here (${PYTHON})`);
    writeTinyBaseModel(baseModel);
  }
}, 600_000);
afterAll(async () => {
  await closeServingPool();
  await vllm?.close();
  await t?.cleanup();
});

/** Trains a lora version (or registers the fixture where the trainer cannot run) that names the fake server. */
async function trainLoraVersion(name: string, serveUrl = vllm.baseUrl) {
  const params = trainingParamsSchema.parse({
    kind: "lora",
    datasetIds: [datasetId],
    name,
    baseModel,
    serveBaseUrls: [serveUrl],
    serveModel: "tiny-llama-base",
    epochs: 1,
    batchSize: 8,
    contextLength: 128,
    loraR: 4,
    heldoutFraction: 0.3,
  });
  const run = await createTrainingRun(params, { createdById: researcher.kind === "user" ? researcher.userId : null });
  let reuse: string | undefined;
  if (missing) {
    reuse = path.join(tmp, `adapter-${run.id}`);
    cpSync(FIXTURE, reuse, { recursive: true });
  }
  const r = await runTraining(run.id, { enqueueEvaluation: false, reuseOutputFrom: reuse });
  return { run, result: r, model: await db().genrmModel.findUniqueOrThrow({ where: { id: r.model.id } }) };
}

describe("LoRA → a served version", () => {
  it("trains, loads the adapter on the named server, evaluates through it, and serves it once promoted", async () => {
    const { run, model } = await trainLoraVersion("lora judge");
    const loraName = `genrm-v${model.version}`;
    expect(model).toMatchObject({ kind: "lora", backend: "openai", status: "candidate" });
    expect(model.config).toMatchObject({ baseUrls: [vllm.baseUrl], model: loraName, mode: "logprobs", api: "completions", servedBaseModel: "tiny-llama-base" });
    expect(vllm.loras.get(loraName)).toBe(path.resolve(model.artifactUri!));
    const logs = (await db().trainingRun.findUniqueOrThrow({ where: { id: run.id } })).logs;
    expect(logs).toContain(`adapter loaded as "${loraName}" on ${vllm.baseUrl}`);

    const before = vllm.completionRequests;
    const ev = await db().evaluation.create({ data: { modelId: model.id } });
    const metrics = await runEvaluation(ev.id);
    expect(metrics.trainingRunId).toBe(run.id); // its own held-out labels
    expect(metrics.heldoutComparisons).toBeGreaterThan(0);
    expect(vllm.completionRequests).toBeGreaterThan(before);
    expect(vllm.requests.filter((r) => r.path === "/v1/completions").every((r) => (r.body as { model: string }).model === loraName)).toBe(true);

    // A restarted server lost the adapter: promoting loads it again, then the judge API serves it.
    vllm.loras.delete(loraName);
    await promoteModel(researcher, String(model.version));
    expect(vllm.loras.has(loraName)).toBe(true);
    forgetServingModels();
    const judge = (await keyActor(["judge"])).actor;
    const served = await judgeForActor(judge, { items: [{ prompt: "What is 2+2?", response: "4", reference: "Four." }] });
    expect(served.reply.model.version).toBe(model.version);
    expect(vllm.requests.at(-1)).toMatchObject({ path: "/v1/completions", body: { model: loraName } });
  }, 600_000);

  it("retiring a LoRA version unloads its adapter from the server", async () => {
    const { model } = await trainLoraVersion("lora judge 2");
    const loraName = `genrm-v${model.version}`;
    expect(vllm.loras.has(loraName)).toBe(true);
    const r = await retireModel(researcher, String(model.version));
    expect(r).toMatchObject({ model: { status: "retired" }, adapter: { unloaded: [vllm.baseUrl], failed: [] } });
    expect(vllm.loras.has(loraName)).toBe(false);
    expect(vllm.requests.some((q) => q.path === "/v1/unload_lora_adapter" && (q.body as { lora_name: string }).lora_name === loraName)).toBe(true);
  }, 600_000);

  it("a server without runtime LoRA loading: the load fails visibly (the run's log, a 503 on promote), never a silent unserved version", async () => {
    const noLora = await startFakeVllmServer({ model: "tiny-llama-base", allowRuntimeLoraUpdating: false });
    try {
      await expect(trainLoraVersion("lora judge 3", noLora.baseUrl)).rejects.toMatchObject({ code: "Unavailable", message: expect.stringMatching(/could not be loaded.*--enable-lora/) });
      const model = await db().genrmModel.findFirstOrThrow({ where: { name: "lora judge 3" } });
      const run = await db().trainingRun.findFirstOrThrow({ where: { modelId: model.id } });
      expect(run.logs).toMatch(/the job retries the load/);
      await expect(promoteModel(researcher, String(model.version))).rejects.toMatchObject({ code: "Unavailable", message: expect.stringContaining(noLora.baseUrl) });
      expect((await db().genrmModel.findUniqueOrThrow({ where: { id: model.id } })).status).toBe("candidate");
    } finally {
      await noLora.close();
    }
  }, 600_000);
});
