/**
 * Threshold on reward–length coupling (ODIN's diagnostic): per-step corr(reward, length) over the
 * reported samples above `threshold` — and, by default, above the run's own baseline by
 * minRiseOverBaseline — on at least m of the last n reported steps, the current step included.
 * Steps with fewer than minSamples samples, or a degenerate correlation, do not count; with a rise
 * condition nothing fires before the baseline's steps are in.
 * Fires on the rising edge (condition false at the previous step, true now), re-arms once it clears.
 * A pure function of the step-ordered summaries.
 */
import type { StepSummary } from "../metrics/step-summary";
import type { CouplingConfig } from "./config";
import type { Alert } from "./alert";

export function couplingValue(s: StepSummary, cfg: CouplingConfig): number | null {
  const r = s[cfg.statistic];
  return r.value !== null && r.n >= cfg.minSamples ? r.value : null;
}

export function detectRewardLengthCoupling(ordered: readonly StepSummary[], cfg: CouplingConfig): Alert[] {
  if (!cfg.enabled) return [];
  const values = ordered.map((s) => couplingValue(s, cfg));
  let bar = cfg.threshold;
  let base: number | null = null;
  if (cfg.minRiseOverBaseline !== null) {
    if (ordered.length <= cfg.baselineSteps) return [];
    const warm = values.slice(0, cfg.baselineSteps).filter((v): v is number => v !== null);
    if (warm.length === 0) return [];
    base = warm.reduce((a, b) => a + b, 0) / warm.length;
    bar = Math.max(cfg.threshold, base + cfg.minRiseOverBaseline);
  }
  const start = cfg.minRiseOverBaseline === null ? 0 : cfg.baselineSteps;
  const above = values.map((v, i) => i >= start && v !== null && v > bar);
  const alerts: Alert[] = [];
  let prevCond = false;
  for (let i = 0; i < ordered.length; i++) {
    const lo = Math.max(0, i - cfg.n + 1);
    const hits: number[] = [];
    for (let j = lo; j <= i; j++) if (above[j]) hits.push(j);
    const cond = above[i] && hits.length >= cfg.m;
    if (cond && !prevCond) {
      const v = values[i] as number;
      alerts.push({
        detector: "reward_length_coupling",
        statistic: `${cfg.statistic}_reward_length`,
        value: v,
        threshold: bar,
        step: ordered[i].step,
        evidenceSteps: hits.map((j) => ordered[j].step),
        message:
          `Reward follows length: ${cfg.statistic} corr(reward, length) = ${v.toFixed(2)} > ${bar.toFixed(2)} ` +
          (base === null ? "" : `(baseline ${base.toFixed(2)} + ${cfg.minRiseOverBaseline}) `) +
          `at step ${ordered[i].step}, and above it on ${hits.length} of the last ${i - lo + 1} steps ` +
          `(steps ${hits.map((j) => ordered[j].step).join(", ")}; ≥ ${cfg.minSamples} samples each)`,
      });
    }
    prevCond = cond;
  }
  return alerts;
}
