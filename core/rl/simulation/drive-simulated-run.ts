/**
 * Drives monitoring's seeded fake policy against a real run: rewards from the GenRM judge, every step
 * reported, the control honoured. When the run is paused the driver waits (polling the control) and,
 * once it may continue, the policy starts a new "clean" segment: under the recalibrated GenRM padding
 * no longer pays, so the fake policy stops padding (the real-RL behaviour the recalibration is for).
 * The transport is injected: HTTP for scripts/simulate-rl.ts, in-process core calls for the seed and
 * the closed-loop test. No I/O of its own.
 */
import {
  simulateSteps,
  type PromptSource,
  type RewardFn,
  type SimRollout,
  type PolicyState,
  type SimulatorConfigInput,
  type StepReport,
} from "../../../monitoring/index";

export interface SimControl {
  action: "continue" | "pause";
  model: string | null;
  reason: string;
}

export interface SimTransport {
  /** One reward per rollout, judged by the run's GenRM version (the control's model). */
  rewards(rollouts: readonly SimRollout[]): Promise<number[]>;
  postStep(report: StepReport): Promise<{ control: SimControl; alerts: { step: number; message: string }[] }>;
  control(): Promise<SimControl>;
}

export interface DriveOptions {
  sim: SimulatorConfigInput & { steps: number; prompts: readonly PromptSource[] };
  transport: SimTransport;
  /** Poll interval while paused. */
  pollMs?: number;
  /** Give up waiting for "continue" after this long (then stop the run). */
  maxPauseMs?: number;
  /** Stop at the first pause instead of waiting (tests that only need the alert). */
  stopOnPause?: boolean;
  /** Where a person acts on a pause (the run page's URL): printed with the pause's reason while waiting. */
  whereToAct?: string;
  /** While paused, repeat the reason and where to act this often (default 30 s). */
  remindEveryMs?: number;
  /**
   * Asked at every poll while paused: a reason when only a person can end this pause and none will (a
   * bench has nobody at the run page once the recalibration is rejected), then the drive stops
   * ("needs-a-person") instead of waiting out maxPauseMs.
   */
  nobodyWillDecide?(): Promise<string | null>;
  /** Called once per pause before waiting (e.g. the demo seed runs the recalibration here). */
  onPause?(control: SimControl, step: number): Promise<void>;
  log?(line: string): void;
  /** Every posted step with the policy's hidden state (benches measure the policy, not the platform). */
  onStep?(report: StepReport, truth: PolicyState, modelName: string | null): void;
  sleep?(ms: number): Promise<void>;
}

export interface DriveResult {
  stepsPosted: number;
  lastStep: number;
  pausedAtStep: number | null;
  resumedAtStep: number | null;
  resumedWith: string | null;
  stoppedBecause: "done" | "paused" | "pause-timeout" | "needs-a-person";
  /** The control's reason when the wait for "continue" ended (pause-timeout). */
  pauseReason?: string;
  alerts: { step: number; message: string }[];
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function driveSimulatedRun(o: DriveOptions): Promise<DriveResult> {
  const log = o.log ?? (() => undefined);
  const sleep = o.sleep ?? defaultSleep;
  const reward: RewardFn = (rollouts) => o.transport.rewards(rollouts);
  const total = o.sim.steps;
  const result: DriveResult = { stepsPosted: 0, lastStep: 0, pausedAtStep: null, resumedAtStep: null, resumedWith: null, stoppedBecause: "done", alerts: [] };
  let segment: SimulatorConfigInput = o.sim;
  let offset = 0;
  let model: string | null = (await o.transport.control()).model;
  while (offset < total) {
    let resumed = false;
    for await (const { report, truth } of simulateSteps({ ...segment, steps: total - offset }, reward)) {
      const step = report.step + offset;
      const reply = await o.transport.postStep({ ...report, step });
      result.stepsPosted++;
      o.onStep?.({ ...report, step }, truth, model);
      result.lastStep = step;
      for (const a of reply.alerts) {
        result.alerts.push(a);
        log(`step ${step}: ALERT ${a.message}`);
      }
      if (step % 10 === 0) log(`step ${step}: length ${report.metrics.length_mean.toFixed(0)}, reward ${report.metrics.reward_mean.toFixed(3)}, control ${reply.control.action}`);
      if (reply.control.action !== "pause") continue;
      result.pausedAtStep ??= step;
      log(`step ${step}: paused — ${reply.control.reason}${o.whereToAct ? ` — decide at ${o.whereToAct}` : ""}`);
      if (o.stopOnPause) {
        result.stoppedBecause = "paused";
        return result;
      }
      await o.onPause?.(reply.control, step);
      const started = Date.now();
      const maxPause = o.maxPauseMs ?? 30 * 60_000;
      let lastReason = "";
      let remindAt = 0;
      let c = await o.transport.control();
      while (c.action === "pause") {
        const waited = Date.now() - started;
        if (c.reason !== lastReason || waited >= remindAt) {
          // Never wait silently: say why the run is paused and where someone can act on it.
          log(`paused at step ${step} (${Math.round(waited / 1000)} s of at most ${Math.round(maxPause / 1000)} s): ${c.reason}${o.whereToAct ? ` — decide at ${o.whereToAct}` : ""}`);
          lastReason = c.reason;
          remindAt = waited + (o.remindEveryMs ?? 30_000);
        }
        if (waited > maxPause) {
          result.stoppedBecause = "pause-timeout";
          result.pauseReason = c.reason;
          return result;
        }
        const nobody = await o.nobodyWillDecide?.();
        if (nobody) {
          log(`stopped waiting at step ${step}: ${nobody}`);
          result.stoppedBecause = "needs-a-person";
          result.pauseReason = c.reason;
          return result;
        }
        await sleep(o.pollMs ?? 2000);
        c = await o.transport.control();
      }
      log(`continue${c.model && c.model !== model ? ` with ${c.model}` : ""}: ${c.reason}`);
      result.resumedAtStep = step + 1;
      if (c.model !== model) result.resumedWith = c.model;
      model = c.model;
      // A learning policy just goes on: whether it keeps padding is up to the rewards it now gets.
      if (o.sim.mode === "reward-driven") continue;
      // New segment: the policy drops its padding (clean), keeping the accuracy it had reached.
      offset = step;
      segment = { ...o.sim, seed: (o.sim.seed ?? 1) + offset, mode: "clean", accuracyStart: truth.accuracy, accuracyJump: null };
      resumed = true;
      break;
    }
    if (!resumed) break;
  }
  return result;
}
