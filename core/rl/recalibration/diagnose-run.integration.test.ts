/**
 * The diagnosis on a real run (Postgres): steps with stored rollouts, references resolved like the
 * judge API does, a judge that pays for added words (positive) or one that reads only correctness
 * (negative). The negative case goes through runRecalibration: nothing is trained, the recalibration
 * ends "not-biased" and the run stays paused with the diagnosis as its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../../tests/helpers/test-db";
import { createModel, createUser, seedReference } from "../../../tests/helpers/judge-fixtures";
import { db } from "../../db/client";
import { TEMPLATE_VERSION } from "../../../genrm/template";
import { probsFromLogprobs } from "../../../genrm/verdicts";
import type { JudgeBackend, JudgeItem } from "../../../genrm/types";
import { createRng } from "../../../monitoring/index";
import { applyControl } from "../apply-control";
import { createRecalibration } from "../start-recalibration";
import { diagnoseRun } from "./diagnose-run";
import { runRecalibration } from "./run-recalibration";
import type { RecalibrationOutcome } from "./outcome";

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv("diagnose");
});
afterAll(async () => {
  await t?.cleanup();
});

const QUESTIONS = Array.from({ length: 6 }, (_, i) => ({ prompt: `What is ${i}+${i + 2}? (diag)`, right: `It is ${2 * i + 2}.`, wrong: `It is ${2 * i + 3}.` }));

/** A judge that reads correctness (right answer in the candidate) and pays `perChar` for every character beyond the reference. */
function judge(perChar: number): JudgeBackend {
  const score = (it: JudgeItem) => {
    const q = QUESTIONS.find((x) => x.prompt === it.prompt)!;
    const ok = (s: string) => (s.startsWith(q.right) ? 1 : 0);
    return 2 * (ok(it.candidate) - ok(it.reference)) + perChar * (it.candidate.length - it.reference.length);
  };
  return {
    kind: "test",
    modelId: `diag-${perChar}`,
    templateVersion: TEMPLATE_VERSION,
    judge: async (items) => items.map((it) => probsFromLogprobs({ better: score(it), same: 0, worse: -score(it) })),
  };
}

/** A run with 6 steps of 24 rollouts, right or wrong, some with pleasantries. */
async function runWithRollouts(seed: number) {
  const { user } = await createUser();
  const model = await createModel({ backend: "deterministic" });
  for (const q of QUESTIONS) await seedReference(q.prompt, q.right);
  const run = await db().rlRun.create({ data: { name: `diag ${seed}`, ownerId: user.id, modelId: model.id, autoPause: true } });
  const rng = createRng(seed);
  for (let step = 1; step <= 6; step++) {
    const samples = Array.from({ length: 24 }, () => {
      const q = QUESTIONS[rng.int(QUESTIONS.length)]!;
      const correct = rng.bernoulli(0.6);
      const response = (correct ? q.right : q.wrong) + " Hope this helps!".repeat(rng.int(3));
      return { prompt: q.prompt, response, reward: correct ? 0.5 : -0.5, length: response.length, correct: correct ? 1 : 0 };
    });
    await db().rlStep.create({ data: { runId: run.id, step, metrics: {}, derived: {}, modelId: model.id, samples: { create: samples } } });
  }
  return { run, model, user };
}

describe("diagnoseRun on a run's own rollouts", () => {
  it("positive: a judge that pays for added words", async () => {
    const { run, model } = await runWithRollouts(1);
    const d = await diagnoseRun(run.id, model.id, { backend: judge(0.02) });
    expect(d.n).toBeGreaterThanOrEqual(32);
    expect(d.paysForLength).toBe(true);
    expect(d.meanGain!).toBeGreaterThan(0.05);
    // Padded the way this policy pads: " Hope this helps!" is around the answers of several prompts.
    expect(d.runPaddings).toBeGreaterThan(0);
  });

  it("negative: a judge that reads only correctness → not-biased, nothing trained, the run stays paused with the reason", async () => {
    const { run, model, user } = await runWithRollouts(2);
    expect((await diagnoseRun(run.id, model.id, { backend: judge(0) })).paysForLength).toBe(false);
    await applyControl(run.id, { action: "pause", reason: "Auto-paused: length grew", source: "auto" });
    const recal = await createRecalibration({ runId: run.id, reason: "test", createdById: user.id }, false, { enqueue: false });
    const done = await runRecalibration(recal!.id, { diagnosisBackend: judge(0) });
    expect(done.status).toBe("not-biased");
    expect(done.trainingRunId).toBeNull();
    const c = done.outcome as RecalibrationOutcome;
    expect(c.diagnosis?.paysForLength).toBe(false);
    const after = await db().rlRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.controlAction).toBe("pause");
    expect(after.controlReason).toMatch(/the GenRM does not pay for length: this is the policy's drift/);
    expect(after.controlReason).toMatch(/continue or stop/);
  });
});
