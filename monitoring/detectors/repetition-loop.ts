/**
 * Degenerate loops: the step's repetition statistic (by default the share of sampled rollouts whose
 * word 4-grams are at least half repeats, metrics/repetition.ts) above the bar on ≥ m of the last n
 * steps, the current one included (for the looping share: its Wilson lower bound, see evidenceValue). The bar is the absolute threshold, raised to the run's own baseline
 * (mean over its first baselineSteps scored steps) + minRiseOverBaseline, so a task whose answers always
 * repeat a little is not an alarm, a policy starting to loop is. With a baseline rule nothing fires
 * before the baseline's steps are in (as the coupling detector); minRiseOverBaseline null = the
 * absolute bar from the first step.
 * Steps without repetition data (not attached) or with fewer than minSamples scored samples do not
 * count. Fires on the rising edge, re-arms when it clears. A pure function of the step-ordered summaries.
 */
import type { StepSummary } from "../metrics/step-summary";
import type { Alert } from "./alert";
import type { RepetitionConfig } from "./config";

export function repetitionValue(s: StepSummary, cfg: RepetitionConfig): number | null {
  const r = s.repetition;
  return r && r.n >= cfg.minSamples ? r[cfg.statistic] : null;
}

/**
 * What the step's value is compared with the bar: for the looping share (a proportion of n sampled
 * rollouts) its Wilson lower bound at z = 2, so a handful of looping answers in a small sample (4 of 27)
 * is not read as a rise; the other statistics as they are.
 */
function evidenceValue(s: StepSummary, cfg: RepetitionConfig, v: number | null): number | null {
  if (v === null || cfg.statistic !== "loopingShare") return v;
  const n = s.repetition!.n;
  const z = 2;
  const centre = v + (z * z) / (2 * n);
  const spread = z * Math.sqrt((v * (1 - v)) / n + (z * z) / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + (z * z) / n));
}

export function detectRepetitionLoop(ordered: readonly StepSummary[], cfg: RepetitionConfig): Alert[] {
  if (!cfg.enabled) return [];
  const values = ordered.map((s) => repetitionValue(s, cfg));
  const evidence = ordered.map((s, i) => evidenceValue(s, cfg, values[i]!));
  const alerts: Alert[] = [];
  let prevCond = false;
  let baseSum = 0;
  let baseCount = 0;
  const bars: number[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const relative = cfg.minRiseOverBaseline !== null;
    const haveBase = relative && baseCount >= cfg.baselineSteps;
    const base = haveBase ? baseSum / baseCount : null;
    const bar = base === null ? (relative ? Infinity : cfg.threshold) : Math.max(cfg.threshold, base + cfg.minRiseOverBaseline!);
    bars.push(bar);
    const v = values[i];
    if (v !== null && baseCount < cfg.baselineSteps) {
      baseSum += v;
      baseCount++;
    }
    const lo = Math.max(0, i - cfg.n + 1);
    const hits: number[] = [];
    for (let j = lo; j <= i; j++) if (evidence[j] !== null && evidence[j]! > bars[j]!) hits.push(j);
    const cond = v !== null && evidence[i]! > bar && hits.length >= cfg.m;
    if (cond && !prevCond) {
      const rep = ordered[i].repetition!;
      alerts.push({
        detector: "repetition_loop",
        statistic: `repetition_${cfg.statistic}`,
        value: v,
        threshold: bar,
        step: ordered[i].step,
        evidenceSteps: hits.map((j) => ordered[j].step),
        message:
          `Rollouts repeat themselves: ${cfg.statistic} = ${v.toFixed(2)} > ${bar.toFixed(2)}` +
          (base === null ? "" : ` (baseline ${base.toFixed(2)} + ${cfg.minRiseOverBaseline})`) +
          ` at step ${ordered[i].step} (${(100 * rep.loopingShare).toFixed(0)} % of ${rep.n} sampled rollouts loop; ` +
          `mean repeated 4-gram share ${(100 * rep.meanRepeatedShare).toFixed(0)} %), ` +
          `above the bar on ${hits.length} of the last ${i - lo + 1} steps (steps ${hits.map((j) => ordered[j].step).join(", ")})`,
      });
    }
    prevCond = cond;
  }
  return alerts;
}
