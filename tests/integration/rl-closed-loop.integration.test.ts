/**
 * THE closed loop, with real components only — Postgres, Redis, a worker
 * process, the Python trainer, the embedded ONNX GenRM:
 *
 *   labels from annotators who favour longer answers → GenRM v1 (tiny, trained here) → references
 *   (a tournament judged by v1) → a simulated RL run whose policy starts padding at a known step,
 *   judged by v1 through the judge operation → the detectors alert → control "pause" → the run's
 *   auto policy starts a recalibration → the worker trains v2 on length-balanced labels +
 *   counterfactual pairs and evaluates both → accepted only if the probe's corr(reward, length) is at
 *   least 50 % lower and held-out accuracy is not 2 points worse → control "continue" with v2.
 *
 * Prints the numbers (REPORT line). Sized for 2 CPU cores (~3–4 min): a small, easy judge task
 * (tests/helpers/echo-task.ts) so a tiny model learns to read content within a minute.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { generateEchoItems } from "../helpers/echo-task";
import { insertEchoDataset } from "../helpers/echo-task-db";
import { startWorkers, type Spawned } from "../../scripts/lib/platform";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { createTrainingRun } from "@core/models/start-training-run";
import { runTraining } from "@core/models/run-training";
import { runEvaluation } from "@core/models/evaluation/run-evaluation";
import { activateModel } from "@core/models/activate-model";
import { trainingParamsSchema } from "@core/models/training-params";
import { createTournamentRun } from "@core/tournaments/start-tournament-run";
import { executeTournamentRun } from "@core/tournaments/execute-tournament-run";
import { createRun } from "@core/rl/create-run";
import { getRunTimeline } from "@core/rl/get-run-timeline";
import { driveSimulatedRun } from "@core/rl/simulation/drive-simulated-run";
import { inProcessTransport } from "@core/rl/simulation/in-process-transport";
import { listSimulationPrompts } from "@core/rl/simulation/list-simulation-prompts";
import { withKnownAnswers } from "@core/rl/simulation/known-answers";
import type { RecalibrationOutcome } from "@core/rl/recalibration/outcome";
import { createRecalibration } from "@core/rl/start-recalibration";
import { runRecalibration } from "@core/rl/recalibration/run-recalibration";
import { recipesFor } from "@core/rl/recalibration/build-data";

const ONSET = 16;
const STEPS = 30;
/** The recipe: small enough for 2 cores, big enough to learn the echo task's content cue. */
const RECIPE = { kind: "tiny", contextLength: 384, dModel: 64, nLayer: 2, nHead: 4, epochs: 10, lr: 2e-3, patience: 0, batchSize: 32, weighting: "none", heldoutFraction: 0.2, splitSeed: 1 } as const;

let t: TestEnv;
let dataDir: string;
/** The closed loop's run, for the escalation test that follows it. */
let loop: { runId: string; researcherId: string } | undefined;
const procs: Spawned[] = [];
const workerLog: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "genrm-rl-loop-"));
  process.env.DATA_DIR = dataDir;
  t = await createTestEnv("rlloop");
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("closed loop: length hacking → alert → pause → recalibration → continue on v2", () => {
  it("runs the whole chain and the recalibrated version is measurably less length-biased", async () => {
    const started = Date.now();
    const lap = (what: string) => console.log(`[rl-loop] ${what} at ${((Date.now() - started) / 1000).toFixed(0)} s`);
    // 1. Seeded labels: annotators who, between equally good answers, favour the clearly longer one.
    const researcher = await db().user.create({ data: { email: "r@loop.test", name: "R", role: "researcher" } });
    const annotators = await Promise.all([1, 2, 3].map((i) => db().user.create({ data: { email: `a${i}@loop.test`, name: `A${i}`, role: "annotator" } })));
    const items = generateEchoItems({ seed: 11, prompts: 450, itemsPerPrompt: 2, lengthBias: 0.3, rightReferences: true });
    const { datasetId } = await insertEchoDataset(db(), { name: "echo", createdById: researcher.id, annotatorIds: annotators.map((a) => a.id), items });

    // 2. GenRM v1: the real trainer, then its evaluation, then active.
    const run1 = await createTrainingRun(trainingParamsSchema.parse({ ...RECIPE, datasetIds: [datasetId], name: "echo v1" }), { createdById: researcher.id });
    const v1 = await runTraining(run1.id, { enqueueEvaluation: false });
    await runEvaluation((await db().evaluation.create({ data: { modelId: v1.model.id } })).id);
    await db().$transaction((tx) => activateModel(tx, { modelId: v1.model.id, action: "promote", reason: "closed-loop test" }));
    lap("v1 trained and evaluated");

    // 3. References: a tournament judged by v1 on some of the prompts.
    const prompts = await db().prompt.findMany({ where: { datasetId, responses: { some: {} } }, orderBy: { id: "asc" }, take: 24, select: { id: true, _count: { select: { responses: true } } } });
    const tRun = await createTournamentRun(researcher.id, { datasetId, promptIds: prompts.filter((p) => p._count.responses >= 2).map((p) => p.id), seed: 1 });
    await executeTournamentRun(tRun.id);
    lap("references picked");

    // 4. A worker process (the recalibration runs there), and the RL run with the auto policy.
    const worker = startWorkers({ DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, DATA_DIR: dataDir }, (l) => workerLog.push(l));
    procs.push(worker);
    const key = await db().apiKey.create({ data: { userId: researcher.id, name: "trainer", prefix: "0000beef", hash: "loop-trainer", scopes: ["judge", "runs:write"] } });
    const trainer: Actor = { kind: "apiKey", userId: researcher.id, keyId: key.id, scopes: ["judge", "runs:write"], role: "researcher" };
    const { run } = await createRun(trainer, { name: "grpo that pads", policy: "simulated", autoPause: true, autoRecalibrate: true });
    expect(run.model).toBe("echo v1");
    loop = { runId: run.id, researcherId: researcher.id };

    // 5. The simulated policy pads from step ONSET; rewards come from v1 through the judge operation.
    // In text order (withKnownAnswers): the policy's rollouts, and so the padding read off them, must
    // not depend on the order this database happened to list the references in.
    const sources = withKnownAnswers(await listSimulationPrompts(trainer, 100));
    expect(sources.length).toBeGreaterThan(5);
    const result = await driveSimulatedRun({
      transport: inProcessTransport(trainer, run.id),
      pollMs: 1000,
      maxPauseMs: 8 * 60_000,
      log: (l) => console.log(`[rl-loop] ${l}`),
      sim: {
        seed: 5,
        steps: STEPS,
        prompts: sources,
        batchSize: 48,
        reportedSamples: 32,
        baseLength: 20,
        maxLength: 200,
        lengthSpread: 0.4,
        mode: "hacking",
        hack: { onsetStep: ONSET, strength: 0.15 },
      },
    });
    lap("simulated run finished");

    // The alert: after the onset, with its evidence; the pause came with it.
    const alerts = await db().biasAlert.findMany({ where: { runId: run.id }, orderBy: [{ step: "asc" }, { createdAt: "asc" }] });
    expect(alerts.length).toBeGreaterThan(0);
    const first = alerts[0]!;
    expect(first.step).toBeGreaterThanOrEqual(ONSET);
    expect(first.evidenceSteps.length).toBeGreaterThan(0);
    expect(result.pausedAtStep).toBe(first.step);

    // The recalibration: accepted on the numbers.
    const recal = await db().recalibration.findFirstOrThrow({ where: { runId: run.id }, include: { toModel: true } });
    const c = recal.outcome as RecalibrationOutcome;
    console.log(
      `[rl-loop] REPORT ${JSON.stringify({
        onset_step: ONSET,
        first_alert_step: first.step,
        detection_delay_steps: first.step - ONSET,
        first_detector: first.detector,
        v1_probe_corr: c.before?.probe.corr,
        v2_probe_corr: c.after?.probe.corr,
        probe_corr_drop: c.probeCorrDrop,
        v1_probe_padded_better: c.before?.probe.longerBetterShare,
        v2_probe_padded_better: c.after?.probe.longerBetterShare,
        v1_heldout_accuracy: c.before?.heldOutAccuracy,
        v2_heldout_accuracy: c.after?.heldOutAccuracy,
        heldout_labels: c.after?.heldOutN,
        accuracy_delta_pts: c.accuracyDeltaPts,
        training_rows: c.data?.rows,
        counterfactual_pairs: c.data?.counterfactualPairs,
        run_paddings: c.data?.runPaddings ?? 0,
        padded_label_copies: c.data?.paddedLabelCopies ?? 0,
        status: recal.status,
        seconds: Math.round((Date.now() - started) / 1000),
      })}`,
    );
    expect(recal.status, c.error ?? JSON.stringify(c.decision)).toBe("accepted");
    expect(c.before!.probe.corr!).toBeGreaterThan(0);
    expect(c.after!.probe.corr!).toBeLessThanOrEqual(0.5 * c.before!.probe.corr!);
    expect(c.accuracyDeltaPts!).toBeGreaterThanOrEqual(-2);
    expect(c.before!.heldOutN).toBe(c.after!.heldOutN);

    // Control: continue on v2, and the steps after the resume were judged by v2.
    const after = await db().rlRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.controlAction).toBe("continue");
    expect(after.modelId).toBe(recal.toModelId);
    expect(result.resumedWith).toBe(recal.toModel!.name);
    expect(result.lastStep).toBe(STEPS);
    const lastStep = await db().rlStep.findFirstOrThrow({ where: { runId: run.id }, orderBy: { step: "desc" } });
    expect(lastStep.modelId).toBe(recal.toModelId);
    expect(recal.toModel!.parentId).toBe(v1.model.id);

    // Every link of the chain is recorded, in order.
    const kinds = (await getRunTimeline(run.id)).map((e) => e.kind);
    const order = (["alert", "pause", "recalibration", "training", "version", "decision", "resume"] as const).map((k) => kinds.indexOf(k));
    expect(order.every((i) => i >= 0), kinds.join(",")).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const commands = await db().controlCommand.findMany({ where: { runId: run.id }, orderBy: { createdAt: "asc" } });
    expect(commands.map((x) => `${x.action}/${x.source}`)).toEqual(["pause/auto", "continue/recalibration"]);
  }, 900_000);

  it("a candidate that keeps its accuracy but still pays for length is followed by one with more counterfactual pairs; both are recorded", async () => {
    expect(loop, "the closed-loop test above ran").toBeDefined();
    // A rule no probe can meet (corr down by 200 %) and that ignores accuracy: the first candidate
    // "still pays for length" whatever the CPU, so the stronger one is trained; it fails the same rule.
    const recal = await createRecalibration({ runId: loop!.runId, alertId: null, reason: "escalation", createdById: loop!.researcherId }, false, { enqueue: false });
    const done = await runRecalibration(recal!.id, { skipDiagnosis: true, rule: { minProbeCorrDrop: 2, maxAccuracyLossPts: 100 }, params: { epochs: 1 } });
    const c = done.outcome as RecalibrationOutcome;
    expect(done.status, c.error).toBe("rejected");
    // The recipes depend on whether the run's own padding was found; a candidate that only fails length
    // checks is followed by the next stronger one of its kind (both candidates read the same run).
    const recipes = recipesFor(c.data?.runPaddings ?? 0);
    const sameKind = recipes.filter((r) => r.runPadding === recipes[0]!.runPadding);
    expect(c.earlier![0]!.data?.runPaddings ?? 0).toBe(c.data?.runPaddings ?? 0);
    expect(c.earlier).toHaveLength(sameKind.length - 1);
    expect(c.earlier![0]!.data?.counterfactualPerLabel).toBe(sameKind[0]!.counterfactualPerLabel);
    expect(c.data?.counterfactualPerLabel).toBe(sameKind[1]!.counterfactualPerLabel);
    expect(c.data!.counterfactualPairs).toBeGreaterThan(c.earlier![0]!.data!.counterfactualPairs);
    expect(c.earlier![0]!.decision.accepted).toBe(false);
    // Two training runs, two versions; the row points at the last.
    expect(done.trainingRunId).not.toBe(c.earlier![0]!.trainingRunId);
    expect(done.toModelId).not.toBe(c.earlier![0]!.modelId);
    const runs = await db().trainingRun.findMany({ where: { id: { in: [done.trainingRunId!, c.earlier![0]!.trainingRunId] } } });
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    // Rejected while the run goes on: its control is untouched.
    expect((await db().rlRun.findUniqueOrThrow({ where: { id: loop!.runId } })).controlAction).toBe("continue");
  }, 600_000);
});
