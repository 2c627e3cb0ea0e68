/**
 * Runs the fake RL policy step by step: samples a batch of rollouts, asks the reward function for
 * rewards (the real GenRM API in production), and yields the step report payload a trainer would POST.
 */
import { stepMetricsFromColumns } from "../metrics/step-summary";
import type { StepReport } from "../types";
import { resolveSimulatorConfig, type SimulatorConfigInput } from "./config";
import { policyTrajectory, type PolicyState } from "./policy";
import type { RewardFn, SimRollout } from "./reward";
import { simulateLearningSteps } from "./reward-driven";
import { createRng } from "./rng";
import { ResponseWriter, syntheticPrompts } from "./text";

const SYNTHETIC_PROMPTS = syntheticPrompts(200);

export interface SimulatedStep {
  report: StepReport;
  /** ground truth for benchmarks: what the policy actually did at this step */
  truth: PolicyState;
}

export async function* simulateSteps(input: SimulatorConfigInput, reward: RewardFn): AsyncGenerator<SimulatedStep> {
  const cfg = resolveSimulatorConfig(input);
  const prompts = cfg.prompts && cfg.prompts.length > 0 ? cfg.prompts : SYNTHETIC_PROMPTS;
  if (cfg.mode === "reward-driven") {
    yield* simulateLearningSteps(cfg, prompts, reward);
    return;
  }
  const rng = createRng(cfg.seed).fork(2);
  const writer = new ResponseWriter(prompts);
  // Each prompt needs a typical length of its own (some questions need long answers): a fixed offset
  // carrying 60 % of the within-batch variance, the rest drawn per rollout.
  const promptRng = createRng(cfg.seed).fork(3);
  const promptOffset = prompts.map(() => Math.sqrt(0.6) * cfg.lengthSpread * promptRng.normal());
  const residual = Math.sqrt(0.4) * cfg.lengthSpread;

  for (const state of policyTrajectory(cfg)) {
    const rollouts: SimRollout[] = [];
    for (let i = 0; i < cfg.batchSize; i++) {
      const p = rng.int(prompts.length);
      const correct = rng.bernoulli(state.accuracy);
      const quality = correct ? 0.6 + 0.4 * rng.next() : 0.4 * rng.next();
      const logContent = state.logLength + promptOffset[p] + residual * rng.normal() + (correct ? 0.05 : 0);
      const content = Math.max(1, Math.min(cfg.maxLength, Math.round(Math.exp(logContent))));
      const total = Math.min(cfg.maxLength, Math.round(content * Math.exp(state.pad * 2 * rng.next())));
      const padLength = total - content;
      const response = writer.write(p, content, padLength, rng.int(4096) * 16);
      rollouts.push({ prompt: prompts[p].prompt, response, length: response.length, correct, quality, padLength });
    }
    const rewards = await reward(rollouts);
    if (rewards.length !== rollouts.length || !rewards.every(Number.isFinite)) {
      throw new Error(`reward function returned ${rewards.length} values for ${rollouts.length} rollouts, or a non-finite one`);
    }
    yield {
      report: {
        step: state.step,
        metrics: stepMetricsFromColumns(
          rollouts.map((r) => r.length),
          rewards,
          rollouts.map((r) => r.correct),
        ),
        samples: rollouts.slice(0, cfg.reportedSamples).map((r, i) => ({
          prompt: r.prompt,
          response: r.response,
          reward: rewards[i],
          length: r.length,
          correct: r.correct,
        })),
      },
      truth: state,
    };
  }
}

/** The whole run at once. */
export async function simulateRun(input: SimulatorConfigInput, reward: RewardFn): Promise<SimulatedStep[]> {
  const out: SimulatedStep[] = [];
  for await (const s of simulateSteps(input, reward)) out.push(s);
  return out;
}
