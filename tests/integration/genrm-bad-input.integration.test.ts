/**
 * Bad training input fails early and says why — in the start operation (a 4xx the form shows) and,
 * when a run gets queued anyway (data changed, a direct insert), in the worker: the job fails at once
 * without retries, the message is stored on the run (the run page shows it) and nothing is registered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnrecoverableError } from "bullmq";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { startTrainingRun } from "@core/models/start-training-run";
import { getTrainingRun } from "@core/models/get-training-run";
import { genrmTrain } from "../../workers/handlers/genrm-train";
import { runJob } from "../../workers/define-job";
import { emptyDataset, labelledDataset, userActor } from "../helpers/genrm-fixtures";
import { fakeJobContext } from "../helpers/job-context";
import { freshDataDir } from "../helpers/data-dir";

let t: TestEnv;
let researcher: Actor;
let data: ReturnType<typeof freshDataDir>;

beforeAll(async () => {
  t = await createTestEnv("genrmbad");
  data = freshDataDir("genrm-bad-");
  researcher = await userActor("researcher");
});
afterAll(async () => {
  await t?.cleanup();
  data?.remove();
});

/** A run row as if it had been queued before its data went bad. */
async function queuedRun(kind: string, datasetIds: string[]) {
  return db().trainingRun.create({ data: { kind, datasetIds, params: { epochs: 1 }, createdById: researcher.userId } });
}

async function failsEarly(runId: string, message: RegExp) {
  const started = Date.now();
  // Through the workers' failure policy, as the worker runs it.
  const err = (await runJob(genrmTrain, { trainingRunId: runId }, fakeJobContext()).catch((e: unknown) => e)) as Error;
  expect(err).toBeInstanceOf(UnrecoverableError); // no retries: retrying cannot fix the data
  expect(err.message).toMatch(message);
  expect(Date.now() - started).toBeLessThan(10_000); // early: before any trainer starts
  const run = await getTrainingRun(researcher, runId);
  expect(run.status).toBe("failed");
  expect(run.error).toMatch(message);
  expect(run.logs).toMatch(message);
  expect(await db().genrmModel.count()).toBe(0);
}

describe("bad training input", () => {
  it("an empty dataset: refused at start (422) and, if queued, failed by the worker with the reason", async () => {
    const ds = await emptyDataset(researcher);
    await expect(startTrainingRun(researcher, { datasetIds: [ds.id] })).rejects.toMatchObject({
      code: "Unprocessable",
      message: expect.stringMatching(/^No labels yet in dataset "empty-\w+": an empty dataset cannot train a judge/),
    });
    expect(await db().trainingRun.count({ where: { datasetIds: { has: ds.id } } })).toBe(0);
    await failsEarly((await queuedRun("tiny", [ds.id])).id, /No labels yet/);
  });

  it("an unknown model kind: refused at start (zod names it) and by the worker", async () => {
    const ds = await labelledDataset({ count: 30, owner: researcher });
    await expect(startTrainingRun(researcher, { datasetIds: [ds.datasetId], kind: "gigantic" as "tiny" })).rejects.toMatchObject({
      name: "ZodError",
      issues: [expect.objectContaining({ message: 'unknown model kind "gigantic": expected one of tiny, lora' })],
    });
    await failsEarly((await queuedRun("gigantic", [ds.datasetId])).id, /kind: unknown model kind "gigantic"/);
  });

  it("a label set with one class: refused at start and by the worker", async () => {
    const ds = await labelledDataset({ count: 40, forceVerdict: "same", owner: researcher });
    await expect(startTrainingRun(researcher, { datasetIds: [ds.datasetId] })).rejects.toMatchObject({
      code: "Unprocessable",
      message: expect.stringMatching(/^Only a single label class in dataset "genrm-test-\w+" \(every training row says "same", \d+ labels\)/),
    });
    await failsEarly((await queuedRun("tiny", [ds.datasetId])).id, /single label class/);
  });

  it("pairwise labels that all prefer A still train (each label gives a better and a worse row)", async () => {
    const ds = await labelledDataset({ count: 30, forceVerdict: "better", mode: "pairwise", owner: researcher });
    // Passes validation: accepted and queued (the queue is real; no worker runs in this file).
    const r = await startTrainingRun(researcher, { datasetIds: [ds.datasetId], epochs: 1 });
    expect(r.trainingRun.status).toBe("queued");
    expect(r.trainingRun.jobId).toBe(`genrm.train-${r.trainingRun.id}`);
  });

  it("a dataset that does not exist, or a LoRA base model folder that is not one", async () => {
    await expect(startTrainingRun(researcher, { datasetIds: ["nope"] })).rejects.toMatchObject({ code: "Unprocessable", message: "Dataset not found: nope" });
    const ds = await labelledDataset({ count: 30, owner: researcher });
    await expect(startTrainingRun(researcher, { datasetIds: [ds.datasetId], kind: "lora", baseModel: data.dir, serveBaseUrls: ["http://127.0.0.1:9"], serveModel: "base" })).rejects.toMatchObject({
      code: "Unprocessable",
      message: expect.stringMatching(/is not a Hugging Face model folder/),
    });
  });

  it("annotators and API keys cannot start training", async () => {
    const ds = await labelledDataset({ count: 30, owner: researcher });
    await expect(startTrainingRun(await userActor("annotator"), { datasetIds: [ds.datasetId] })).rejects.toMatchObject({ code: "Forbidden" });
    await expect(startTrainingRun({ kind: "apiKey", userId: researcher.userId, keyId: "k", scopes: ["judge"], role: "researcher" }, { datasetIds: [ds.datasetId] })).rejects.toMatchObject({
      code: "Forbidden",
    });
  });
});
