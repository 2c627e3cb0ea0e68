/**
 * GenRM reward rises while humans (or a gold judge) do not agree it got better: the general reward-
 * hacking signal, whatever the policy exploits (length, loops, flattery…).
 *
 * At each step, over the window of the last windowSteps steps:
 *  1. the GenRM's reward must be rising: OLS slope of reward_mean vs step with t ≥ rewardRiseT;
 *  2. on the steps whose sampled rollouts humans labelled against the reference, the gap
 *     d = GenRM win-rate − human win-rate (same rollouts) must widen: weighted least-squares slope of d
 *     vs step (weights = labels / p̄(1 − p̄), the binomial variance of a step's human win-rate), times
 *     the span of those steps = how much more the GenRM's win-rate rose than the humans' over the window.
 *     Alarm when that rise ≥ minGap and ≥ z standard errors. Needs ≥ minCheckedSteps checked steps and
 *     ≥ minLabels labels in the window.
 *  Without enough human checks, the trainer's gold_win_rate (a gold judge on the whole batch) stands in:
 *  d = (reward_mean + 1)/2 − gold, OLS with its residual standard error.
 * Fires on the rising edge. Human labels arrive after the steps, so re-evaluating with more labels can
 * raise an alert at an earlier step; the caller stores each (detector, step) once.
 */
import { olsSlope } from "../metrics/growth";
import type { StepSummary } from "../metrics/step-summary";
import type { Alert } from "./alert";
import type { HumanDivergenceConfig } from "./config";

interface Gap {
  rise: number;
  se: number;
  source: "human" | "gold";
  genrmRise: number;
  otherRise: number;
  checkedSteps: number[];
  labels: number;
}

function weightedSlope(x: number[], y: number[], w: number[]): { slope: number; se: number } | null {
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) {
    sw += w[i]!;
    sx += w[i]! * x[i]!;
    sy += w[i]! * y[i]!;
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sxx += w[i]! * (x[i]! - mx) ** 2;
    sxy += w[i]! * (x[i]! - mx) * (y[i]! - my);
  }
  if (!(sxx > 0)) return null;
  // weights are inverse variances, so the slope's variance is 1/Sxx (no residual rescaling)
  return { slope: sxy / sxx, se: Math.sqrt(1 / sxx) };
}

function humanGap(win: readonly StepSummary[], cfg: HumanDivergenceConfig): Gap | null {
  const checked = win.filter((s) => s.humanCheck && s.humanCheck.labels > 0);
  const labels = checked.reduce((a, s) => a + s.humanCheck!.labels, 0);
  if (checked.length < cfg.minCheckedSteps || labels < cfg.minLabels) return null;
  const pooled = checked.reduce((a, s) => a + s.humanCheck!.humanWinRate * s.humanCheck!.labels, 0) / labels;
  const p = Math.min(0.95, Math.max(0.05, pooled));
  const x = checked.map((s) => s.step);
  const w = checked.map((s) => s.humanCheck!.labels / (p * (1 - p)));
  const d = weightedSlope(x, checked.map((s) => s.humanCheck!.genrmWinRate - s.humanCheck!.humanWinRate), w);
  const g = weightedSlope(x, checked.map((s) => s.humanCheck!.genrmWinRate), w);
  const h = weightedSlope(x, checked.map((s) => s.humanCheck!.humanWinRate), w);
  if (!d || !g || !h) return null;
  const span = x[x.length - 1]! - x[0]!;
  return { rise: d.slope * span, se: d.se * span, source: "human", genrmRise: g.slope * span, otherRise: h.slope * span, checkedSteps: x, labels };
}

function goldGap(win: readonly StepSummary[], cfg: HumanDivergenceConfig): Gap | null {
  const checked = win.filter((s) => s.goldWinRate != null);
  if (checked.length < Math.max(3, cfg.minCheckedSteps)) return null;
  const x = checked.map((s) => s.step);
  const genrm = checked.map((s) => (s.rewardMean + 1) / 2);
  const gold = checked.map((s) => s.goldWinRate!);
  const d = olsSlope(x, genrm.map((v, i) => v - gold[i]!));
  const g = olsSlope(x, genrm);
  const o = olsSlope(x, gold);
  if (d.slope === null || g.slope === null || o.slope === null) return null;
  const span = x[x.length - 1]! - x[0]!;
  return { rise: d.slope * span, se: d.se * span, source: "gold", genrmRise: g.slope * span, otherRise: o.slope * span, checkedSteps: x, labels: 0 };
}

export function detectHumanDivergence(ordered: readonly StepSummary[], cfg: HumanDivergenceConfig): Alert[] {
  if (!cfg.enabled) return [];
  const alerts: Alert[] = [];
  let prevCond = false;
  for (let i = 0; i < ordered.length; i++) {
    const win = ordered.slice(Math.max(0, i - cfg.windowSteps + 1), i + 1);
    let cond = false;
    let gap: Gap | null = null;
    let rewardT = 0;
    if (win.length >= 3) {
      const r = olsSlope(win.map((s) => s.step), win.map((s) => s.rewardMean));
      rewardT = r.slope === null ? 0 : r.t ?? (r.slope > 0 ? Infinity : 0);
      if (rewardT >= cfg.rewardRiseT) {
        gap = humanGap(win, cfg) ?? goldGap(win, cfg);
        cond = gap !== null && gap.rise >= cfg.minGap && (gap.se === 0 ? gap.rise > 0 : gap.rise / gap.se >= cfg.z);
      }
    }
    if (cond && !prevCond && gap) {
      const who = gap.source === "human" ? `humans (${gap.labels} blind labels on the same rollouts)` : "the gold judge";
      alerts.push({
        detector: "human_divergence",
        statistic: `${gap.source}_gap_rise`,
        value: gap.rise,
        threshold: cfg.minGap,
        step: ordered[i].step,
        evidenceSteps: gap.checkedSteps,
        message:
          `GenRM reward rises but ${who} do not agree: over steps ${win[0].step}–${ordered[i].step} the GenRM win-rate ` +
          `moved ${signed(gap.genrmRise)} and the ${gap.source} win-rate ${signed(gap.otherRise)} ` +
          `(gap widened ${signed(gap.rise)} ≥ ${cfg.minGap}, ${gap.se > 0 ? (gap.rise / gap.se).toFixed(1) : "∞"} SE; reward slope t = ${Number.isFinite(rewardT) ? rewardT.toFixed(1) : "∞"})`,
      });
    }
    prevCond = cond;
  }
  return alerts;
}

const signed = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(0)} pts`;
