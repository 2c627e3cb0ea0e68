/**
 * Humans in the loop during RL, against a real Postgres: a run's sampled rollouts become blind
 * vs-reference comparisons in the run's own labelling dataset (with gold attention checks), annotators
 * label them through the ordinary next-task / submit operations, the dashboard shows GenRM vs human
 * win-rate on the same rollouts per step, and a GenRM reward that rises while humans keep preferring the
 * reference raises the human_divergence alert (auto-pausing the run) as the labels arrive.
 * Also: a policy that starts looping raises the repetition_loop alert through the same step route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { keyActor, createUser, seedReference } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { createRun } from "@core/rl/create-run";
import { postStep } from "@core/rl/post-step";
import { getRunDashboard } from "@core/rl/get-run-dashboard";
import { updateRunSettings } from "@core/rl/update-run-settings";
import { nextAssignment } from "@core/labelling/next-assignment";
import { submitLabel } from "@core/labelling/submit-label";

let t: TestEnv;
let trainer: Actor;
let owner: Actor;
let annotator: Actor;

const PROMPTS = Array.from({ length: 8 }, (_, i) => `Explain fact number ${i} about rivers.`);

beforeAll(async () => {
  t = await createTestEnv("rlhuman");
  owner = (await createUser("researcher")).actor;
  trainer = (await keyActor(["runs:write"], owner)).actor;
  annotator = (await createUser("annotator")).actor;
  for (const [i, p] of PROMPTS.entries()) await seedReference(p, `Reference answer ${i}: rivers carry water from high ground to the sea.`);
});
afterAll(async () => {
  await t?.cleanup();
});

const metrics = (reward: number) => ({ length_mean: 300, length_p50: 300, length_p90: 400, reward_mean: reward, reward_std: 0.2 });

/** Labels every open comparison in the dataset as the annotator; `choose` picks left/same/right. */
type Task = NonNullable<Awaited<ReturnType<typeof nextAssignment>>["task"]>;
async function labelAll(datasetId: string, choose: (task: Task) => "left" | "same" | "right" | Promise<"left" | "same" | "right">) {
  let n = 0;
  for (;;) {
    const { task } = await nextAssignment(annotator, { datasetId }, { random: () => 1 });
    if (!task) return n;
    const choice = await choose(task);
    await submitLabel(annotator, task.assignmentId, { choice, strength: choice === "same" ? undefined : 2, msSpent: 1500 });
    n++;
  }
}
const referenceSide = (task: { left: { role: string } }) => (task.left.role === "reference" ? "left" : "right");

describe("human checks during RL", () => {
  it("refuses a sampling rate outside [0, 1] and writes nothing", async () => {
    await expect(createRun(trainer, { name: "bad-rate", humanSampleRate: 1.5 })).rejects.toThrow(/humanSampleRate/);
    expect(await db().rlRun.count({ where: { name: "bad-rate" } })).toBe(0);
  });

  it("queues sampled rollouts blind against the reference, with gold checks, and plots GenRM vs humans", async () => {
    const { run } = await createRun(trainer, { name: "human-checked", detectorConfig: { lengthGrowth: { enabled: false }, coupling: { enabled: false } } });
    // off by default: nothing is queued
    await postStep(trainer, run.id, { step: 0, metrics: metrics(0), samples: [{ prompt: PROMPTS[0], response: "A rollout answer.", reward: 0 }] });
    expect((await db().rlRun.findUniqueOrThrow({ where: { id: run.id } })).humanDatasetId).toBeNull();

    const settings = await updateRunSettings(owner, run.id, { humanSampleRate: 1 });
    expect(settings.humanSampleRate).toBe(1);
    // GenRM reward climbs 0.08 a step; humans keep preferring the reference (they label the rollout worse)
    for (let step = 1; step <= 14; step++) {
      const reward = -0.5 + 0.08 * step;
      const samples = PROMPTS.slice(0, 6).map((p, i) => ({ prompt: p, response: `Rollout ${step}.${i}: rivers flow downhill, and downhill, and downhill.`, reward }));
      samples.push({ prompt: "A prompt with no reference at all", response: "unjudgeable", reward });
      await postStep(trainer, run.id, { step, metrics: metrics(reward), samples });
    }
    const row = await db().rlRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row.humanDatasetId).not.toBeNull();
    const comparisons = await db().comparison.findMany({ where: { datasetId: row.humanDatasetId! }, include: { responseA: true, responseB: true } });
    const regular = comparisons.filter((c) => !c.isGold);
    expect(regular).toHaveLength(14 * 6); // the prompt without a reference is not queued
    expect(regular.every((c) => c.mode === "vs_reference" && c.responseA.model === "rl-rollout" && c.responseB.text.startsWith("Reference answer"))).toBe(true);
    expect(comparisons.filter((c) => c.isGold && c.goldVerdict === "worse").length).toBeGreaterThanOrEqual(1);
    // a re-sent step queues nothing twice
    const again = PROMPTS.slice(0, 6).map((p, i) => ({ prompt: p, response: `Rollout 14.${i}: rivers flow downhill, and downhill, and downhill.`, reward: -0.5 + 0.08 * 14 }));
    await postStep(trainer, run.id, { step: 14, metrics: metrics(0.62), samples: again });
    expect(await db().comparison.count({ where: { datasetId: row.humanDatasetId!, isGold: false } })).toBe(14 * 6);

    expect(await db().biasAlert.count({ where: { runId: run.id, detector: "human_divergence" } })).toBe(0);
    const labelled = await labelAll(row.humanDatasetId!, referenceSide);
    expect(labelled).toBeGreaterThanOrEqual(14 * 6);

    const d = await getRunDashboard(owner, run.id);
    const s7 = d.steps.find((s) => s.step === 7)!;
    expect(s7.humanLabels).toBe(6);
    expect(s7.humanWinRate).toBe(0);
    expect(s7.genrmWinRate).toBeCloseTo((-0.5 + 0.08 * 7 + 1) / 2, 6);
    expect(d.humanChecks.queued).toBeGreaterThanOrEqual(14 * 6);

    // the labels alone (no new step) raised the alert and, with autoPause, paused the run
    const alerts = await db().biasAlert.findMany({ where: { runId: run.id, detector: "human_divergence" } });
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]!.message).toMatch(/humans \(\d+ blind labels/);
    expect((await db().rlRun.findUniqueOrThrow({ where: { id: run.id } })).controlAction).toBe("pause");
  });

  it("stays quiet when humans agree with the GenRM's gains", async () => {
    const { run } = await createRun(trainer, { name: "humans-agree", humanSampleRate: 1, detectorConfig: { lengthGrowth: { enabled: false }, coupling: { enabled: false } } });
    for (let step = 1; step <= 14; step++) {
      const reward = -0.5 + 0.08 * step;
      const samples = PROMPTS.slice(0, 6).map((p, i) => ({ prompt: p, response: `Agreeable rollout ${step}.${i}, steadily better.`, reward }));
      await postStep(trainer, run.id, { step, metrics: metrics(reward), samples });
    }
    const ds = (await db().rlRun.findUniqueOrThrow({ where: { id: run.id } })).humanDatasetId!;
    // humans prefer the rollout as often as the GenRM's win-rate says, step by step
    const better = new Map<number, number>();
    await labelAll(ds, async (task) => {
      const a = await db().assignment.findUniqueOrThrow({ where: { id: task.assignmentId }, select: { comparison: { select: { isGold: true, rolloutSamples: { select: { step: { select: { step: true } } } } } } } });
      const step = a.comparison.rolloutSamples[0]?.step.step;
      if (a.comparison.isGold || step === undefined) return referenceSide(task);
      const target = Math.round(6 * (0.25 + 0.04 * step));
      const sofar = better.get(step) ?? 0;
      if (sofar >= target) return referenceSide(task);
      better.set(step, sofar + 1);
      return referenceSide(task) === "left" ? "right" : "left";
    });
    const d = await getRunDashboard(owner, run.id);
    expect(d.steps.filter((s) => s.humanLabels > 0).length).toBe(14);
    expect(d.steps.find((s) => s.step === 12)!.humanWinRate).toBeCloseTo(Math.round(6 * 0.73) / 6, 6);
    expect(d.alerts.filter((a) => a.detector === "human_divergence")).toEqual([]);
    expect(d.control.action).toBe("continue");
  });

  it("flags a policy that starts looping (repetition_loop), through the same step route", async () => {
    const { run } = await createRun(trainer, { name: "looping", autoPause: false, detectorConfig: { lengthGrowth: { enabled: false }, coupling: { enabled: false } } });
    const words = "rivers carry water sediment and nutrients across plains into deltas where currents slow and land builds".split(" ");
    for (let step = 0; step < 16; step++) {
      const samples = Array.from({ length: 12 }, (_, i) => {
        let seed = step * 1000 + i + 1;
        const draw = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
        const prose = Array.from({ length: 60 }, () => words[Math.floor(draw() * words.length)]).join(" ");
        const loops = step >= 10 && i < 3 + (step - 10) * 2;
        return { prompt: PROMPTS[i % 8], response: loops ? prose + " " + "and so it goes on. ".repeat(40) : prose, reward: 0 };
      });
      await postStep(trainer, run.id, { step, metrics: metrics(0), samples });
    }
    const d = await getRunDashboard(owner, run.id);
    const loop = d.alerts.filter((a) => a.detector === "repetition_loop");
    expect(loop).toHaveLength(1);
    expect(loop[0]!.step).toBeGreaterThanOrEqual(10);
    expect(d.steps.find((s) => s.step === 2)!.loopingShare).toBe(0);
    expect(d.steps.find((s) => s.step === 15)!.loopingShare!).toBeGreaterThan(0.5);
  });
});
