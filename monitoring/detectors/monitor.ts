/**
 * Online bias monitor for one RL run. Steps may arrive in any order or be re-sent: the state is the
 * step-ordered list of per-step summaries (one per step number, last write wins), and the alerts are a
 * pure function of that list, recomputed on every ingest — O(steps) per ingest, since each report's
 * correlations are computed once when it arrives.
 *
 * `ingest` returns the alerts not returned before (keyed by detector and step), so a caller can store
 * each BiasAlert once even when a late step changes history. `alerts()` is the current full set.
 */
import { summarizeStep, type StepSummary } from "../metrics/step-summary";
import type { StepReport } from "../types";
import { alertKey, type Alert } from "./alert";
import { resolveDetectorConfig, type DetectorConfig, type DetectorConfigInput } from "./config";
import { detectLengthGrowth } from "./length-growth";
import { detectLengthDrift } from "./length-drift";
import { detectRewardLengthCoupling } from "./reward-length-coupling";
import { detectRepetitionLoop } from "./repetition-loop";
import { detectHumanDivergence } from "./human-divergence";

/** All detectors over a run's step summaries (any order; duplicates: the last one per step wins). */
export function evaluateDetectors(summaries: readonly StepSummary[], config: DetectorConfigInput = {}): Alert[] {
  const cfg = resolveDetectorConfig(config);
  return runDetectors(orderSummaries(summaries), cfg);
}

function orderSummaries(summaries: readonly StepSummary[]): StepSummary[] {
  const byStep = new Map<number, StepSummary>();
  for (const s of summaries) byStep.set(s.step, s);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

function runDetectors(ordered: readonly StepSummary[], cfg: DetectorConfig): Alert[] {
  return [
    ...detectLengthGrowth(ordered, cfg.lengthGrowth).alerts,
    ...detectLengthDrift(ordered, cfg.lengthGrowth),
    ...detectRewardLengthCoupling(ordered, cfg.coupling),
    ...detectRepetitionLoop(ordered, cfg.repetition),
    ...detectHumanDivergence(ordered, cfg.humanDivergence),
  ].sort((a, b) => a.step - b.step || a.detector.localeCompare(b.detector));
}

export interface BiasMonitor {
  readonly config: DetectorConfig;
  /** Adds (or replaces) one step's report; returns alerts not returned by earlier calls. */
  ingest(report: StepReport): Alert[];
  /** Same, for a summary computed elsewhere (e.g. loaded from the database). */
  ingestSummary(summary: StepSummary): Alert[];
  /** Every alert implied by the steps seen so far. */
  alerts(): Alert[];
  /** The step-ordered summaries seen so far. */
  summaries(): readonly StepSummary[];
}

export function createBiasMonitor(config: DetectorConfigInput = {}): BiasMonitor {
  const cfg = resolveDetectorConfig(config);
  const ordered: StepSummary[] = [];
  const emitted = new Set<string>();
  let current: Alert[] = [];

  const ingestSummary = (summary: StepSummary): Alert[] => {
    if (!Number.isFinite(summary.step)) throw new RangeError("step must be a finite number");
    // binary search for the insertion point; replace on an equal step
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ordered[mid].step < summary.step) lo = mid + 1;
      else hi = mid;
    }
    if (ordered[lo]?.step === summary.step) ordered[lo] = summary;
    else ordered.splice(lo, 0, summary);
    current = runDetectors(ordered, cfg);
    const fresh = current.filter((a) => !emitted.has(alertKey(a)));
    for (const a of fresh) emitted.add(alertKey(a));
    return fresh;
  };

  return {
    config: cfg,
    ingest: (report) => ingestSummary(summarizeStep(report)),
    ingestSummary,
    alerts: () => [...current],
    summaries: () => ordered,
  };
}
