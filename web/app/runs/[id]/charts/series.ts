/** Shared chart helpers: where the GenRM version changed, and a readable alert label. */
import type { StepPoint } from "@core/rl/get-run-dashboard";

export interface AlertMark {
  id: string;
  step: number;
  detector: string;
  value: number;
  threshold: number;
}

/** Steps where the judging version differs from the previous step's: drawn as labelled lines. */
export function modelChanges(steps: StepPoint[]): { step: number; model: string }[] {
  const out: { step: number; model: string }[] = [];
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.model !== steps[i - 1]!.model && steps[i]!.model) out.push({ step: steps[i]!.step, model: steps[i]!.model! });
  }
  return out;
}

export const ALERT_COLOR = "#dc2626";
export const MODEL_COLOR = "#7c3aed";
const DETECTOR_LABELS: Record<string, string> = {
  length_growth_cusum: "length surge",
  length_drift: "length drift",
  reward_length_coupling: "reward∝length",
  repetition_loop: "loops",
  human_divergence: "humans disagree",
};
export const detectorLabel = (d: string) => DETECTOR_LABELS[d] ?? d;
export const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? "–" : x.toFixed(digits));
