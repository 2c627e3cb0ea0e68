/**
 * Demo seed step "demo RL run" (needs the demo GenRM and the references the tournament step picks):
 * the learning policy bench:loop runs (monitoring/simulator mode "reward-driven"): it answers the demo
 * questions and learns how chatty to be from the rewards the real active GenRM pays it — the demo GenRM
 * inherited its annotators' taste for longer answers, so the policy starts wrapping its answers in
 * greetings and sign-offs. Reported step by step through the same core operations
 * the API uses — the detectors raise an alert, the run auto-pauses, a recalibration runs in-process
 * (diagnosis, real trainer, real evaluation), and when accepted the run continues on the new version.
 * Leaves a run with id "demo-rl-run" for the dashboard (and the e2e test). Idempotent: a finished
 * demo run is left alone; an unfinished one (interrupted seed) is started over.
 * Never fatal: without an active GenRM, references or PyTorch it prints why and skips.
 */
import type { Db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { createRecalibration } from "@core/rl/start-recalibration";
import { runRecalibration } from "@core/rl/recalibration/run-recalibration";
import { driveSimulatedRun } from "@core/rl/simulation/drive-simulated-run";
import { inProcessTransport } from "@core/rl/simulation/in-process-transport";
import { listSimulationPrompts } from "@core/rl/simulation/list-simulation-prompts";
import { withKnownAnswers } from "@core/rl/simulation/known-answers";
import type { SeedStep } from "./seed-step";

export const DEMO_RUN_ID = "demo-rl-run";
/** The learning policy bench:loop runs (everything but the prompts, which come from the database). */
export const DEMO_RUN_SIM = {
  seed: 7,
  steps: 60,
  batchSize: 64,
  reportedSamples: 32,
  baseLength: 16,
  maxLength: 400,
  mode: "reward-driven" as const,
  // A chatty answer is a 4 % draw at first (θ −1.25, σ 1): at the default 1 % the demo's small batches
  // (64 rollouts, 10 prompts) found the payment within 60 steps in 2 of 6 seeds, at 4 % in all 6.
  learning: { startPad: -1.25 },
};

export const rlDemoRunStep: SeedStep = {
  name: "demo RL run",
  needsModel: true,
  async run(db: Db, log) {
    const existing = await db.rlRun.findUnique({ where: { id: DEMO_RUN_ID }, include: { recalibrations: { select: { status: true } } } });
    if (existing?.recalibrations.some((r) => ["accepted", "rejected", "failed", "not-biased"].includes(r.status))) return "already there (run demo-rl-run)";
    const active = await db.genrmModel.findFirst({ where: { status: "active" }, orderBy: { version: "desc" } });
    if (!active) return "skipped: no active GenRM version (was the demo GenRM step skipped?)";
    const researcher = await db.user.findFirst({ where: { email: "researcher@demo.local" } });
    if (!researcher) throw new Error("demo accounts missing: run the accounts step first");
    // The trainer's key, in-process: judge + runs:write, like a real trainer's.
    const trainer: Actor = { kind: "apiKey", userId: researcher.id, keyId: "demo-seed", scopes: ["judge", "runs:write"], role: "researcher" };
    const prompts = withKnownAnswers(await listSimulationPrompts(trainer, 100));
    if (prompts.length === 0) return "skipped: no prompt has a reference yet (the tournaments step picks them)";
    if (existing) await db.rlRun.delete({ where: { id: DEMO_RUN_ID } });
    await db.rlRun.create({
      data: {
        id: DEMO_RUN_ID,
        name: "Demo · GRPO run that learns to pad",
        policy: "simulated policy that learns from its rewards (monitoring/simulator)",
        ownerId: researcher.id,
        modelId: active.id,
        autoPause: true,
        autoRecalibrate: false,
      },
    });
    let r;
    try {
      r = await driveSimulatedRun({
        transport: inProcessTransport(trainer, DEMO_RUN_ID),
        pollMs: 200,
        maxPauseMs: 2000,
        log: (l) => log(`  rl: ${l}`),
        sim: { ...DEMO_RUN_SIM, prompts },
        async onPause(_control, step) {
          const alert = await db.biasAlert.findFirst({ where: { runId: DEMO_RUN_ID }, orderBy: { step: "asc" } });
          const recal = await createRecalibration(
            { runId: DEMO_RUN_ID, alertId: alert?.id ?? null, reason: `Demo: started by the seed after the alert at step ${alert?.step ?? step}`, createdById: researcher.id },
            true,
            { enqueue: false },
          );
          if (!recal) return;
          log(`  rl: recalibrating ${active.name} (training a new version; ~1 min on 2 cores)…`);
          const done = await runRecalibration(recal.id, { log: (l) => log(`  rl: ${l}`) });
          log(`  rl: recalibration ${done.status}`);
        },
      });
    } catch (error) {
      // e.g. the GenRM cannot be served here: leave nothing half-done (the next seed starts over).
      await db.rlRun.delete({ where: { id: DEMO_RUN_ID } }).catch(() => undefined);
      return `skipped: ${(error as Error).message}`;
    }
    return `${r.stepsPosted} steps, ${r.alerts.length} alerts, paused at step ${r.pausedAtStep ?? "–"}, ${r.resumedWith ? `resumed on ${r.resumedWith}` : `ended ${r.stoppedBecause}`}`;
  },
};
