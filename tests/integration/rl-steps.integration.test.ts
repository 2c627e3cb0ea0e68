/**
 * RL run reporting against a real Postgres (and Redis for the recalibration job): validation names the
 * field, ownership hides other owners' runs (404), repeated and out-of-order steps, detectors raising
 * alerts as steps arrive, auto-pause, a researcher's control click and the timeline it leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { db } from "@core/db/client";
import { isAppError } from "@core/errors";
import type { Actor } from "@core/auth/actor";
import { createRun } from "@core/rl/create-run";
import { postStep } from "@core/rl/post-step";
import { getRunControlFor } from "@core/rl/get-run-control";
import { setRunControl } from "@core/rl/set-run-control";
import { getRunDashboard } from "@core/rl/get-run-dashboard";
import { startRecalibration } from "@core/rl/start-recalibration";
import { updateRunSettings } from "@core/rl/update-run-settings";
import { postStepInput } from "@core/rl/step-input";
import { createLengthBiasedReward, simulateRun } from "../../monitoring/index";

let t: TestEnv;
let trainer: Actor;
let otherTrainer: Actor;
let researcher: Actor;
let ownerSession: Actor;

async function user(email: string, role: "researcher" | "admin" = "researcher") {
  return db().user.create({ data: { email, name: email, role } });
}
async function keyFor(userId: string, scopes: string[]) {
  const k = await db().apiKey.create({ data: { userId, name: "k", prefix: "00000000", hash: `${userId}-${scopes.join()}`, scopes } });
  return { kind: "apiKey" as const, userId, keyId: k.id, scopes: scopes as never, role: "researcher" as const };
}

beforeAll(async () => {
  t = await createTestEnv("rlsteps");
  const owner = await user("owner@x.test");
  const other = await user("other@x.test");
  const r = await user("r@x.test");
  trainer = await keyFor(owner.id, ["runs:write"]);
  otherTrainer = await keyFor(other.id, ["runs:write"]);
  researcher = { kind: "user", userId: r.id, role: "researcher", email: r.email, name: "R" };
  ownerSession = { kind: "user", userId: owner.id, role: "researcher", email: owner.email, name: "O" };
  await db().genrmModel.create({ data: { version: 1, name: "genrm-v1", backend: "embedded", kind: "tiny", templateVersion: "v1", status: "active" } });
});
afterAll(async () => {
  await t?.cleanup();
});

const metrics = { length_mean: 100, length_p50: 90, length_p90: 180, reward_mean: 0.1, reward_std: 0.3, accuracy: 0.5 };
const sample = (i: number) => ({ prompt: `p${i % 5}`, response: "x".repeat(50 + i), reward: (i % 7) / 7 - 0.5, correct: i % 2 === 0 });

async function error(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

describe("RL step reporting", () => {
  it("creates a run on the active GenRM version, owned by the key's user", async () => {
    const { run, control } = await createRun(trainer, { name: "grpo-7", policy: "qwen-0.5b" });
    expect(run.model).toBe("genrm-v1");
    expect(control).toEqual({ action: "continue", model: "genrm-v1", reason: "" });
    const row = await db().rlRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row.ownerId).toBe(trainer.userId);
    expect(row.apiKeyId).toBe((trainer as { keyId: string }).keyId);
  });

  it("rejects bad input naming the field, and writes nothing", async () => {
    const { run } = await createRun(trainer, { name: "bad-input" });
    const cases: [unknown, string][] = [
      [{ step: 1, metrics: { ...metrics, reward_mean: "high" } }, "metrics.reward_mean"],
      [{ step: -3, metrics }, "step"],
      [{ step: 1.5, metrics }, "step"],
      [{ step: 1, metrics: { ...metrics, length_mean: null } }, "metrics.length_mean"],
      [{ step: 1, metrics: { ...metrics, accuracy: 1.7 } }, "metrics.accuracy"],
      [{ step: 1, metrics: { ...metrics, kl: "x" } }, "metrics.kl"],
      [{ step: 1, metrics, samples: [{ prompt: "p", response: "r", reward: "NaN" }] }, "samples.0.reward"],
      [{ step: 1, metrics, samples: [{ prompt: "p", response: "r", reward: 0, extra: 1 }] }, "samples.0"],
    ];
    for (const [body, field] of cases) {
      const e = await error(Promise.resolve().then(() => postStepInput.parse(body)));
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues[0]!.path.join(".")).toBe(field);
    }
    // An exact-looking but lying sample length is refused by the operation (400 naming it).
    const lie = await error(postStep(trainer, run.id, { step: 1, metrics, samples: [{ prompt: "p", response: "short", reward: 0, length: 5000 }] }));
    expect(isAppError(lie) && lie.code === "Invalid" && lie.details?.field).toBe("samples.0.length");
    expect(await db().rlStep.count({ where: { runId: run.id } })).toBe(0);
  });

  it("answers 404 for another owner's run and for a researcher session posting steps: 403", async () => {
    const { run } = await createRun(trainer, { name: "mine" });
    const e = await error(postStep(otherTrainer, run.id, { step: 1, metrics }));
    expect(isAppError(e) && e.code).toBe("NotFound");
    const e2 = await error(getRunControlFor(otherTrainer, run.id));
    expect(isAppError(e2) && e2.code).toBe("NotFound");
    const e3 = await error(postStep(researcher, run.id, { step: 1, metrics }));
    expect(isAppError(e3) && e3.code).toBe("Forbidden");
    // another researcher neither reads nor controls the run; its owner and an admin do both
    const e5 = await error(getRunControlFor(researcher, run.id));
    expect(isAppError(e5) && e5.code).toBe("NotFound");
    const e6 = await error(getRunDashboard(researcher, run.id));
    expect(isAppError(e6) && e6.code).toBe("NotFound");
    const e4 = await error(setRunControl(researcher, run.id, { action: "pause" }));
    expect(isAppError(e4) && e4.code).toBe("NotFound");
    expect((await getRunControlFor(ownerSession, run.id)).action).toBe("continue");
    const boss = await user(`boss-${run.id}@x.test`, "admin");
    expect((await getRunDashboard({ kind: "user", userId: boss.id, role: "admin", email: boss.email, name: "B" }, run.id)).steps).toEqual([]);
    expect(await db().rlStep.count({ where: { runId: run.id } })).toBe(0);
  });

  it("is idempotent per (run, step), accepts out-of-order steps, and replaces a changed step", async () => {
    const { run } = await createRun(trainer, { name: "idem" });
    const body = (step: number, n = 40) => ({ step, metrics, samples: Array.from({ length: n }, (_, i) => sample(i)) });
    expect((await postStep(trainer, run.id, body(5))).status).toBe("created");
    expect((await postStep(trainer, run.id, body(3))).status).toBe("created");
    expect((await postStep(trainer, run.id, body(5))).status).toBe("unchanged");
    await Promise.all([postStep(trainer, run.id, body(4)), postStep(trainer, run.id, body(4))]);
    expect(await db().rlStep.count({ where: { runId: run.id } })).toBe(3);
    expect(await db().rolloutSample.count({ where: { step: { runId: run.id } } })).toBe(120);
    expect((await postStep(trainer, run.id, body(5, 10))).status).toBe("replaced");
    expect(await db().rolloutSample.count({ where: { step: { runId: run.id, step: 5 } } })).toBe(10);
    const dash = await getRunDashboard(ownerSession, run.id);
    expect(dash.steps.map((s) => s.step)).toEqual([3, 4, 5]);
    expect(dash.steps[0]!.pearson).not.toBeNull();
  });

  it("raises alerts as a length-hacking run's steps arrive, pauses it once, and a researcher resumes it", async () => {
    const { run } = await createRun(trainer, { name: "hacked", autoPause: true });
    const steps = await simulateRun(
      { seed: 3, steps: 40, batchSize: 128, reportedSamples: 48, mode: "hacking", hack: { onsetStep: 20, strength: 0.15 } },
      createLengthBiasedReward({ seed: 3, beta: 0.4 }),
    );
    let pausedAt: number | null = null;
    for (const s of steps) {
      const res = await postStep(trainer, run.id, s.report);
      if (res.control.action === "pause" && pausedAt === null) pausedAt = s.report.step;
    }
    const alerts = await db().biasAlert.findMany({ where: { runId: run.id }, orderBy: { step: "asc" } });
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]!.step).toBeGreaterThanOrEqual(20);
    expect(alerts[0]!.step).toBeLessThanOrEqual(26);
    expect(alerts[0]!.evidenceSteps.length).toBeGreaterThan(0);
    expect(alerts[0]!.message).toMatch(/>/);
    expect(pausedAt).toBe(alerts[0]!.step);
    // one pause command despite several alerts
    const cmds = await db().controlCommand.findMany({ where: { runId: run.id } });
    expect(cmds.map((c) => [c.action, c.source])).toEqual([["pause", "auto"]]);
    expect(cmds[0]!.alertId).toBe(alerts[0]!.id);
    // re-posting history raises nothing new
    await postStep(trainer, run.id, steps[10]!.report);
    expect(await db().biasAlert.count({ where: { runId: run.id } })).toBe(alerts.length);

    const resumed = await setRunControl(ownerSession, run.id, { action: "continue", reason: "false alarm?" });
    expect(resumed.control).toEqual({ action: "continue", model: "genrm-v1", reason: "false alarm?" });
    const dash = await getRunDashboard(ownerSession, run.id);
    expect(dash.canControl).toBe(true);
    const kinds = dash.timeline.map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(["alert", "pause"]);
    expect(kinds.at(-1)).toBe("resume");
    expect(kinds.filter((k) => k === "alert")).toHaveLength(alerts.length);
    expect(dash.scatter.step).toBe(alerts[0]!.step);
    expect(dash.scatter.points.length).toBe(48);
  });

  it("a clean run raises no alert", async () => {
    const { run } = await createRun(trainer, { name: "clean" });
    const steps = await simulateRun({ seed: 11, steps: 40, batchSize: 128, reportedSamples: 48, mode: "clean" }, createLengthBiasedReward({ seed: 11 }));
    for (const s of steps) await postStep(trainer, run.id, s.report);
    expect(await db().biasAlert.count({ where: { runId: run.id } })).toBe(0);
    expect((await getRunControlFor(trainer, run.id)).action).toBe("continue");
  });

  it("per-run detector tuning is validated and re-evaluates history", async () => {
    const { run } = await createRun(trainer, { name: "tuned" });
    const bad = await error(updateRunSettings(ownerSession, run.id, { detectorConfig: { coupling: { m: 9, n: 4 } } }));
    expect(isAppError(bad) && bad.code).toBe("Invalid");
    expect((bad as Error).message).toMatch(/coupling\.m/);
    const ok = await updateRunSettings(ownerSession, run.id, { detectorConfig: { lengthGrowth: { cusumH: 8 } }, autoRecalibrate: false });
    expect(ok.detectorConfig).toEqual({ lengthGrowth: { cusumH: 8 } });
  });

  it("starting a recalibration queues one job and refuses a second while it is active", async () => {
    const { run } = await createRun(trainer, { name: "recal" });
    const first = await startRecalibration(ownerSession, run.id, {});
    expect(first.recalibration.status).toBe("pending");
    const second = await error(startRecalibration(ownerSession, run.id, {}));
    expect(isAppError(second) && second.code).toBe("Conflict");
    expect(await db().recalibration.count({ where: { runId: run.id } })).toBe(1);
  });
});
