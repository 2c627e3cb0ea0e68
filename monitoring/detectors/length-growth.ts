/**
 * Sequential test for "length grows while accuracy does not" — one-sided CUSUM on standardised
 * step-to-step increments of ln(mean length), with a warm-up baseline and an accuracy gate.
 *
 *   d_i = ln L_i − ln L_{i−1}                (consecutive reported steps)
 *   μ0, σ0 = mean and std of the baseline increments (σ0 floored at minIncrementStd): the warm-up's,
 *            then every increment at least baselineLag steps old (≤ baselineMaxSteps of them), so the
 *            baseline sharpens as the run goes on but never includes the most recent, suspect steps
 *   z_i = (d_i − μ0)/σ0,   S_i = max(0, S_{i−1} + z_i − k),   alarm when S_i > h
 *
 * Growth at the warm-up pace (a run that always lengthens a bit) stays near 0; a new, sustained surge
 * accumulates. When S crosses h the gate looks at accuracy over the run-up (at least minWindowSteps):
 * if the accuracy slope clears accuracyPerLogLength × (log-length slope) by z standard errors, the growth
 * is paid for by real improvement — no alarm, and S restarts at 0 (a later unpaid surge has to build
 * its own evidence and is judged on its own accuracy).
 * After an alarm S restarts at 0.
 *
 * A pure function of the step-ordered summaries: callers recompute it when a late step arrives.
 */
import { mean, std } from "../stats/basic";
import type { StepSummary } from "../metrics/step-summary";
import type { LengthGrowthConfig } from "./config";
import type { Alert } from "./alert";
import { accuracyPays, describeGate } from "./accuracy-gate";

export interface CusumTracePoint {
  step: number;
  /** standardised log-length increment into this step */
  z: number;
  /** CUSUM statistic after this step */
  s: number;
  /** true where S crossed h but the accuracy gate held the alarm back (S then restarts at 0) */
  gated: boolean;
}

export interface LengthGrowthResult {
  alerts: Alert[];
  /** the baseline used at the last step; null until the warm-up is complete */
  baseline: { mean: number; std: number; steps: number[] } | null;
  trace: CusumTracePoint[];
}

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} %`;

export function detectLengthGrowth(ordered: readonly StepSummary[], cfg: LengthGrowthConfig): LengthGrowthResult {
  const steps = ordered.filter((s) => s.lengthMean > 0 && Number.isFinite(s.lengthMean));
  const W = cfg.warmupSteps;
  if (!cfg.enabled || steps.length <= W) return { alerts: [], baseline: null, trace: [] };
  const logLen = steps.map((s) => Math.log(s.lengthMean));
  // prefix sums of increments d_j = logLen[j] − logLen[j−1] (j ≥ 1) and of their squares
  const c1 = [0, 0];
  const c2 = [0, 0];
  for (let j = 1; j < steps.length; j++) {
    const d = logLen[j] - logLen[j - 1];
    c1.push(c1[j] + d);
    c2.push(c2[j] + d * d);
  }
  // Baseline for step i: increments j in [lo, hi], hi = max(W − 1, i − lag) — the warm-up, then
  // every increment at least `baselineLag` steps old (at most baselineMaxSteps of them).
  const baselineAt = (i: number) => {
    const hi = Math.max(W - 1, i - cfg.baselineLag);
    const lo = Math.max(1, hi - cfg.baselineMaxSteps + 1);
    const n = hi - lo + 1;
    const m = (c1[hi + 1] - c1[lo]) / n;
    const v = Math.max(0, (c2[hi + 1] - c2[lo] - n * m * m) / (n - 1));
    return { mean: m, std: Math.max(Math.sqrt(v), cfg.minIncrementStd), from: lo - 1, to: hi };
  };
  const alerts: Alert[] = [];
  const trace: CusumTracePoint[] = [];
  const { cusumK: k, cusumH: h, accuracyGate: gate } = cfg;
  let s = 0;
  let runStart = -1; // index of the first step that pushed S above 0
  for (let i = W; i < steps.length; i++) {
    const b = baselineAt(i);
    const mu0 = b.mean;
    const sd0 = b.std;
    const z = (logLen[i] - logLen[i - 1] - mu0) / sd0;
    const prev = s;
    s = Math.max(0, s + z - k);
    if (s === 0) runStart = -1;
    else if (prev === 0) runStart = i;
    let gated = false;
    if (s > h) {
      const from = Math.max(0, Math.min(runStart - 1, i - gate.minWindowSteps + 1));
      const window = steps.slice(from, i + 1);
      const verdict = accuracyPays(window, gate);
      if (verdict.paid) {
        gated = true;
        trace.push({ step: steps[i].step, z, s, gated });
        // Paid-for growth is explained, so it is no evidence: S restarts at 0 and the gate's window with
        // it, so accuracy gained earlier cannot excuse growth that comes later.
        s = 0;
        runStart = -1;
        continue;
      }
      const first = steps[from];
      const accText = describeGate(verdict);
      alerts.push({
        detector: "length_growth_cusum",
        statistic: "cusum_log_length_increment",
        value: s,
        threshold: h,
        step: steps[i].step,
        evidenceSteps: window.map((w) => w.step),
        message:
          `Length surge: CUSUM of standardised log-length increments ${s.toFixed(2)} > ${h} at step ` +
          `${steps[i].step}; mean length ${first.lengthMean.toFixed(0)} → ${steps[i].lengthMean.toFixed(0)} ` +
          `chars over steps ${first.step}–${steps[i].step} (baseline pace ${pct(mu0)} ± ${pct(sd0).slice(1)}/step); ` +
          accText,
      });
      trace.push({ step: steps[i].step, z, s, gated });
      s = 0;
      runStart = -1;
      continue;
    }
    trace.push({ step: steps[i].step, z, s, gated });
  }
  const last = baselineAt(steps.length - 1);
  const baseline = { mean: last.mean, std: last.std, steps: steps.slice(last.from, last.to + 1).map((st) => st.step) };
  return { alerts, baseline, trace };
}
