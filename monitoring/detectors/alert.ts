/** What every detector emits: which statistic crossed what, where, and on which steps' evidence. */

export type DetectorName = "length_growth_cusum" | "length_drift" | "reward_length_coupling" | "repetition_loop" | "human_divergence";

export interface Alert {
  detector: DetectorName;
  /** the statistic that crossed, e.g. "cusum_log_length_increment" or "spearman_reward_length" */
  statistic: string;
  value: number;
  threshold: number;
  /** the step at which it crossed */
  step: number;
  /** the steps whose data make up the evidence, ascending */
  evidenceSteps: number[];
  /** one human-readable sentence for dashboards and the BiasAlert record */
  message: string;
}

export const alertKey = (a: Pick<Alert, "detector" | "step">): string => `${a.detector}@${a.step}`;
