/**
 * The RL step report: what a trainer POSTs to /api/v1/runs/:id/steps
 * and what the simulator emits. Snake_case metric names match the wire format.
 * Lengths are in characters throughout monitoring/.
 */

export interface RolloutSample {
  prompt: string;
  response: string;
  reward: number;
  /** characters */
  length: number;
  /** verifiable correctness: boolean, a score in [0, 1], or null when the task has none */
  correct: boolean | number | null;
}

export interface StepMetrics {
  length_mean: number;
  length_p50: number;
  length_p90: number;
  reward_mean: number;
  /** population std (ddof = 0) */
  reward_std: number;
  /** share correct over the whole batch, null when the task has no verifier */
  accuracy: number | null;
}

export interface StepReport {
  step: number;
  /** computed by the trainer over the whole batch */
  metrics: StepMetrics;
  /** a sample of the batch's rollouts */
  samples: RolloutSample[];
}
