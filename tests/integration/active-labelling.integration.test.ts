/**
 * Active labelling against a real Postgres (and Redis for the refresh job): the queue is filled with the
 * pairs the active GenRM is least sure of — exactly the top of the product's uncertainty ranking — from
 * the dataset's own answers, from RL rollouts (vs the reference) and from a stub "undecided prompts"
 * source plugged into the tournament hook; it is topped up again after labels arrive; bad settings are
 * refused with the field named and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.GENRM_ALLOW_TEST_BACKENDS = "1";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { createModel, createUser, keyActor, seedReference } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { resetServingConfig } from "@core/env";
import { closeServingPool } from "@core/genrm-service/serving-pool";
import { setActiveLabelling } from "@core/datasets/active/set-active-labelling";
import { refreshUncertainComparisons } from "@core/datasets/active/refresh-uncertain";
import { collectCandidates } from "@core/datasets/active/refresh-uncertain";
import { registerUndecidedSource } from "@core/datasets/active/sources";
import { activeLabellingInput } from "@core/datasets/active/settings";
import { nextAssignment } from "@core/labelling/next-assignment";
import { submitLabel } from "@core/labelling/submit-label";
import { queue } from "@core/queue/queues";
import { createRun } from "@core/rl/create-run";
import { postStep } from "@core/rl/post-step";
import { DeterministicBackend } from "@genrm/backends/fake";
import { uncertaintyOf } from "@genrm/uncertainty";
import { swapItem } from "@genrm/debias";
import { estimateTokens } from "@core/datasets/estimate-tokens";
import { promptKey, responseKey } from "@core/formats/content-key";

let t: TestEnv;
let researcher: Actor;
let annotator: Actor;
let modelId: string;

async function datasetWithAnswers(prompts: number, answers: number) {
  const ds = await db().dataset.create({ data: { name: `active ${Math.random()}`, createdById: researcher.kind === "user" ? researcher.userId : "", goldRate: 0 } });
  for (let i = 0; i < prompts; i++) {
    const text = `Question ${i}: how do tides work?`;
    const pk = promptKey(text);
    const p = await db().prompt.create({ data: { datasetId: ds.id, key: pk, text } });
    for (let j = 0; j < answers; j++) {
      const a = `Answer ${j} to question ${i}: the moon's pull${" and the sun's".repeat(j)}.`;
      await db().response.create({ data: { promptId: p.id, model: `m${j}`, text: a, key: responseKey(pk, `m${j}`, a), charLen: a.length, tokenLen: estimateTokens(a) } });
    }
  }
  return ds.id;
}

beforeAll(async () => {
  t = await createTestEnv("active");
  resetServingConfig();
  researcher = (await createUser("researcher")).actor;
  annotator = (await createUser("annotator")).actor;
  modelId = (await createModel({ backend: "deterministic", status: "active", config: { positionBias: 0.6 } })).id;
});
afterAll(async () => {
  registerUndecidedSource(null);
  await closeServingPool();
  await t?.cleanup();
});

describe("active labelling", () => {
  it("refuses bad settings naming the field, and writes nothing", async () => {
    const ds = await datasetWithAnswers(2, 3);
    await expect(setActiveLabelling(researcher, ds, { budget: 0, sources: { dataset: "pairwise" } })).rejects.toThrow(/budget/);
    await expect(setActiveLabelling(researcher, ds, { budget: 5, sources: {} })).rejects.toThrow(/at least one source/);
    await expect(setActiveLabelling(annotator, ds, { budget: 5, sources: { dataset: "pairwise" } })).rejects.toThrow();
    expect((await db().dataset.findUniqueOrThrow({ where: { id: ds } })).activeLabelling).toBeNull();
    expect(await db().comparison.count({ where: { datasetId: ds } })).toBe(0);
  });

  it("queues exactly the pairs the active GenRM is least sure of, and tops the queue up as labels arrive", async () => {
    const ds = await datasetWithAnswers(12, 4); // 12 prompts × 6 pairs = 72 candidates
    const settings = { budget: 6, maxPerPrompt: 1, sources: { dataset: "pairwise" as const } };
    // the ranking recomputed here with the same judge: the top 6 (one per prompt) must be what was queued
    const cands = await collectCandidates(ds, activeLabellingInput.parse(settings));
    expect(cands).toHaveLength(72);
    const judge = new DeterministicBackend({ modelId, positionBias: 0.6 });
    const items = cands.map((c) => ({ prompt: c.prompt, candidate: c.a.text, reference: c.b.text }));
    const [fw, sw] = [await judge.judge(items), await judge.judge(items.map(swapItem))];
    const best = new Map<string, number>();
    cands.forEach((c, i) => best.set(c.prompt, Math.max(best.get(c.prompt) ?? -1, uncertaintyOf(fw[i]!, sw[i]!).score)));
    const expected = [...best.values()].sort((a, b) => b - a).slice(0, 6);

    const { refresh } = await setActiveLabelling(researcher, ds, settings);
    expect(refresh).toMatchObject({ created: 6, open: 6, candidates: 72 });
    const queued = await db().comparison.findMany({ where: { datasetId: ds }, select: { uncertainty: true, promptId: true } });
    expect(queued.map((q) => q.uncertainty!).sort((a, b) => b - a)).toEqual(expected.map((x) => expect.closeTo(x, 9)));
    expect(new Set(queued.map((q) => q.promptId)).size).toBe(6);
    // full: a refresh adds nothing
    expect((await refreshUncertainComparisons(ds)).created).toBe(0);

    // labels arrive: below half the budget open → a refresh job is queued; running it tops the queue up
    for (let i = 0; i < 4; i++) {
      const { task } = await nextAssignment(annotator, { datasetId: ds });
      await submitLabel(annotator, task!.assignmentId, { choice: "left", strength: 1, msSpent: 900 });
    }
    const jobs = await queue("default").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.filter((j) => j.name === "labelling.refresh-uncertain" && j.data.datasetId === ds)).toHaveLength(1); // deduplicated
    const again = await refreshUncertainComparisons(ds);
    expect(again.created).toBe(4);
    expect(again.open).toBe(6);
    expect(await db().comparison.count({ where: { datasetId: ds } })).toBe(10);
  });

  it("draws from RL rollouts (vs the prompt's reference) and from the tournaments' undecided-prompts hook", async () => {
    const ds = await datasetWithAnswers(1, 2);
    const owner = (await createUser("researcher")).actor;
    const trainer = (await keyActor(["runs:write"], owner)).actor;
    await seedReference("Name a river in Africa.", "The Nile.");
    const { run } = await createRun(trainer, { name: "active-src" });
    await postStep(trainer, run.id, {
      step: 1,
      metrics: { length_mean: 20, length_p50: 20, length_p90: 30, reward_mean: 0, reward_std: 0.1 },
      samples: [
        { prompt: "Name a river in Africa.", response: "The Congo.", reward: 0.1 },
        { prompt: "Name a river in Africa.", response: "The Nile.", reward: 0 }, // the reference itself: skipped
        { prompt: "A prompt nobody referenced", response: "whatever", reward: 0 }, // no reference: skipped
      ],
    });
    let asked = 0;
    registerUndecidedSource(async ({ limit }) => {
      asked = limit;
      return [{ prompt: "Which is colder, Oslo or Rome?", answers: [{ text: "Oslo.", model: "x" }, { text: "Rome.", model: "y" }, { text: "Both equal.", model: "z" }] }];
    });
    const { refresh } = await setActiveLabelling(researcher, ds, { budget: 50, maxPerPrompt: 5, sources: { runs: [run.id], undecided: true } });
    expect(asked).toBeGreaterThan(0);
    expect(refresh).toMatchObject({ created: 4, bySource: { rollouts: 1, undecided: 3 } });
    const rows = await db().comparison.findMany({ where: { datasetId: ds }, include: { responseA: true, responseB: true, prompt: true } });
    const rollout = rows.find((r) => r.mode === "vs_reference")!;
    expect([rollout.responseA.text, rollout.responseB.text]).toEqual(["The Congo.", "The Nile."]);
    expect(rows.filter((r) => r.prompt.text === "Which is colder, Oslo or Rome?" && r.mode === "pairwise")).toHaveLength(3);
    // with no source registered, the undecided source yields nothing (the hook is optional)
    registerUndecidedSource(null);
    const ds2 = await datasetWithAnswers(1, 2);
    expect((await setActiveLabelling(researcher, ds2, { budget: 5, sources: { undecided: true } })).refresh).toMatchObject({ created: 0, candidates: 0 });
  });
});
