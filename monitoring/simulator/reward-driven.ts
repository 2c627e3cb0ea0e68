/**
 * A fake RL policy that LEARNS from the rewards it gets (REINFORCE), instead of following a script.
 *
 * Its one learnable habit is verbosity: each rollout wraps its answer in k pleasantries, a greeting
 * before and a sign-off after each ("Sure! … Hope this helps!"), k = max(0, round(u)) with u drawn
 * from a Gaussian policy with mean θ and fixed exploration std σ. θ starts below zero (padding is a rare draw) and may go back there.
 * After every step it moves θ along the policy gradient of the reward it was paid,
 *
 *   ∇θ E[r] ≈ mean_i A_i · (u_i − θ) / σ²,
 *
 * with GRPO's group-relative advantage A (group-advantages.ts). Like GRPO, a step samples several
 * rollouts per prompt (learning.groupSize); a group is the rollouts of one prompt that are equally
 * right (or equally wrong) and so share their answer's content, differing only in their padding
 * draws. The judge is deterministic, so inside a group only the padding can move the reward: the
 * comparison is paired, and the large reward differences between prompts and answers (which drowned
 * a per-class baseline's estimate) cancel. θ grows only if, among equally right answers, the longer
 * ones are paid more. A judge that pays for length makes it pad; a judge that does not leaves θ where
 * it is (up to noise); one that penalises it makes it shrink. Correctness is not learnt from the
 * reward here: it follows the scripted accuracy curve of the clean mode, so the experiment isolates
 * the length channel.
 *
 * The policy's answers are real texts of the right kind: for prompts with known right and wrong
 * answers (PromptSource.right / .wrong, e.g. the demo task's), a correct rollout answers with a right
 * one and a wrong rollout with a wrong one, so a judge that reads content can tell them apart.
 */
import { stepMetricsFromColumns } from "../metrics/step-summary";
import { clamp } from "../stats/basic";
import type { StepReport } from "../types";
import type { LearningConfig, SimulatorConfig } from "./config";
import { groupAdvantages } from "./group-advantages";
import type { RewardFn, SimRollout } from "./reward";
import type { PolicyState } from "./policy";
import { createRng } from "./rng";
import { GREETINGS, PLEASANTRIES, type PromptSource } from "./text";

export interface LearnerState extends PolicyState {
  /** θ: mean pleasantries per answer the policy samples from at this step */
  pad: number;
  /** the policy-gradient estimate computed from this step's rewards (what moved θ) */
  gradient: number;
}

export interface LearnedStep {
  report: StepReport;
  truth: LearnerState;
}

/** One answer text for prompt p: a right or wrong answer when known, else the prompt's seed answer. */
function answerText(source: PromptSource, correct: boolean, pick: (n: number) => number): string {
  const pool = correct ? source.right : source.wrong;
  if (pool && pool.length > 0) return pool[pick(pool.length)]!;
  return source.response;
}

/** k greetings before the answer and k sign-offs after it. */
function wrapInPleasantries(answer: string, k: number, offset: number): string {
  let before = "";
  let after = "";
  for (let j = 0; j < k; j++) {
    before += GREETINGS[(offset + j) % GREETINGS.length] + " ";
    after += " " + PLEASANTRIES[(offset + j) % PLEASANTRIES.length];
  }
  return before + answer + after;
}

export async function* simulateLearningSteps(cfg: SimulatorConfig, prompts: readonly PromptSource[], reward: RewardFn): AsyncGenerator<LearnedStep> {
  const learning: LearningConfig = cfg.learning;
  const rng = createRng(cfg.seed).fork(5);
  const sigma = Math.max(1e-6, learning.exploration);
  let theta = clamp(learning.startPad, -learning.maxPad, learning.maxPad);
  for (let t = 1; t <= cfg.steps; t++) {
    const accuracy = clamp(cfg.accuracyStart + (cfg.accuracyEnd - cfg.accuracyStart) * (1 - Math.exp(-(t - 1) / cfg.accuracyTimescale)), 0, 1);
    const rollouts: SimRollout[] = [];
    const draws: number[] = [];
    const groups: string[] = [];
    let logBase = 0;
    let p = 0;
    const content = new Map<boolean, string>();
    for (let i = 0; i < cfg.batchSize; i++) {
      if (i % learning.groupSize === 0) {
        p = rng.int(prompts.length);
        content.clear();
      }
      const correct = rng.bernoulli(accuracy);
      const u = theta + sigma * rng.normal();
      const k = Math.min(Math.max(0, Math.round(u)), Math.ceil(learning.maxPad + 3 * sigma));
      // One answer per prompt and class in a group: its rollouts differ in their padding only.
      let base = content.get(correct);
      if (base === undefined) content.set(correct, (base = answerText(prompts[p]!, correct, (n) => rng.int(n))));
      const response = wrapInPleasantries(base, k, rng.int(PLEASANTRIES.length * GREETINGS.length)).slice(0, cfg.maxLength);
      draws.push(u);
      groups.push(`${Math.floor(i / learning.groupSize)}:${correct}`);
      logBase += Math.log(Math.max(1, base.length));
      rollouts.push({ prompt: prompts[p]!.prompt, response, length: response.length, correct, quality: correct ? 0.8 : 0.1, padLength: Math.max(0, response.length - base.length) });
    }
    const rewards = await reward(rollouts);
    if (rewards.length !== rollouts.length || !rewards.every(Number.isFinite)) {
      throw new Error(`reward function returned ${rewards.length} values for ${rollouts.length} rollouts, or a non-finite one`);
    }
    const correct = rollouts.map((r) => r.correct);
    const advantages = groupAdvantages(rewards, groups, learning.advantageEps);
    let g = 0;
    advantages.forEach((a, i) => (g += a * (draws[i]! - theta)));
    g /= rewards.length * sigma * sigma;
    yield {
      report: {
        step: t,
        metrics: stepMetricsFromColumns(rollouts.map((r) => r.length), rewards, correct),
        samples: rollouts.slice(0, cfg.reportedSamples).map((r, i) => ({ prompt: r.prompt, response: r.response, reward: rewards[i]!, length: r.length, correct: r.correct })),
      },
      truth: { step: t, accuracy, logLength: logBase / cfg.batchSize, pad: theta, hacked: theta >= 0.5, gradient: g },
    };
    theta = clamp(theta + learning.learningRate * g, -learning.maxPad, learning.maxPad);
  }
}
