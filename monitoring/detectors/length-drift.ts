/**
 * "Answers are now much longer than they were, and accuracy did not pay for it" — a level test beside the
 * CUSUM of length-growth.ts. The CUSUM looks for a change of pace against the run's own baseline pace, so
 * a policy that lengthens steadily from its first steps sets that pace itself and never stands out
 * (simulated demo runs went 19 → 95 and 18 → 168 characters without an alarm). This compares levels:
 *
 *   ref     = mean ln L over the reference window (the run's first driftWindowSteps reported steps)
 *   level_i = mean ln L over the last driftWindowSteps steps up to i
 *   alarm when level_i − ref > ln(maxDrift), unless accuracy paid for it: mean accuracy over the level
 *   window minus that over the reference window ≥ accuracyPerLogLength × (level_i − ref) (the CUSUM
 *   gate's rate, compared level to level: an OLS slope over a long window with a late surge reads the
 *   growth as tiny, and any slow accuracy drift over the run then excused it).
 *
 * After an alarm, or growth that accuracy paid for, the reference moves to the latest window: the next
 * alarm needs another maxDrift× of unpaid growth. A pure function of the step-ordered summaries.
 */
import { mean } from "../stats/basic";
import type { StepSummary } from "../metrics/step-summary";
import type { LengthGrowthConfig } from "./config";
import type { Alert } from "./alert";

const meanLogLength = (window: readonly StepSummary[]) => mean(window.map((s) => Math.log(s.lengthMean)));

function meanAccuracy(window: readonly StepSummary[]): number | null {
  const xs = window.filter((s) => s.accuracy !== null).map((s) => s.accuracy as number);
  return xs.length ? mean(xs) : null;
}

export function detectLengthDrift(ordered: readonly StepSummary[], cfg: LengthGrowthConfig): Alert[] {
  const steps = ordered.filter((s) => s.lengthMean > 0 && Number.isFinite(s.lengthMean));
  const w = cfg.driftWindowSteps;
  if (!cfg.enabled || cfg.maxDrift === null || steps.length < 2 * w) return [];
  const limit = Math.log(cfg.maxDrift);
  const alerts: Alert[] = [];
  let refFrom = 0;
  let ref = meanLogLength(steps.slice(0, w));
  for (let i = refFrom + 2 * w - 1; i < steps.length; i++) {
    if (i - w + 1 <= refFrom + w - 1) continue; // the level window must not overlap the reference
    const window = steps.slice(i - w + 1, i + 1);
    const level = meanLogLength(window);
    if (level - ref <= limit) continue;
    const since = steps.slice(refFrom, i + 1);
    const accThen = meanAccuracy(steps.slice(refFrom, refFrom + w));
    const accNow = meanAccuracy(window);
    const needed = cfg.accuracyGate.accuracyPerLogLength * (level - ref);
    const paid = cfg.accuracyGate.enabled && accThen !== null && accNow !== null && accNow - accThen >= needed;
    if (!paid) {
      const accText =
        accThen === null || accNow === null
          ? "accuracy not reported"
          : `accuracy ${accThen.toFixed(3)} → ${accNow.toFixed(3)}, not the +${needed.toFixed(3)} that would pay for the growth`;
      const ratio = Math.exp(level - ref);
      const first = steps[refFrom];
      alerts.push({
        detector: "length_drift",
        statistic: "length_ratio_to_reference",
        value: ratio,
        threshold: cfg.maxDrift,
        step: steps[i].step,
        evidenceSteps: since.map((s) => s.step),
        message:
          `Length drift: mean length ${Math.exp(ref).toFixed(0)} → ${Math.exp(level).toFixed(0)} chars ` +
          `(${ratio.toFixed(2)}× > ${cfg.maxDrift}×) from steps ${first.step}–${steps[refFrom + w - 1].step} to ` +
          `${window[0].step}–${steps[i].step}; ${accText}`,
      });
    }
    refFrom = i - w + 1;
    ref = level;
  }
  return alerts;
}
