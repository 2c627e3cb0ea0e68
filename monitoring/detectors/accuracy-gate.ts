/**
 * Did accuracy pay for the growth? Over a window of steps: the OLS slope of accuracy per step must clear
 * accuracyPerLogLength × (the slope of ln length per step) by z standard errors. Growth that passes is
 * explained by real improvement; the length detectors do not alarm on it.
 */
import { olsSlope } from "../metrics/growth";
import type { StepSummary } from "../metrics/step-summary";
import type { LengthGrowthConfig } from "./config";

export interface GateVerdict {
  paid: boolean;
  /** accuracy slope per step, null when accuracy is not reported */
  accSlope: number | null;
  accSe: number;
  /** the accuracy slope that would have paid for the growth */
  bar: number;
}

export function accuracyPays(window: readonly StepSummary[], gate: LengthGrowthConfig["accuracyGate"]): GateVerdict {
  const lenSlope = olsSlope(window.map((w) => w.step), window.map((w) => Math.log(w.lengthMean)));
  const withAcc = window.filter((w) => w.accuracy !== null);
  const acc = olsSlope(withAcc.map((w) => w.step), withAcc.map((w) => w.accuracy as number));
  const bar = gate.accuracyPerLogLength * Math.max(lenSlope.slope ?? 0, 0);
  const accSe = acc.se ?? 0;
  return { paid: gate.enabled && acc.slope !== null && acc.slope - gate.z * accSe > bar, accSlope: acc.slope, accSe, bar };
}

/** The gate's finding in words, for alert messages. */
export function describeGate(v: GateVerdict): string {
  return v.accSlope === null
    ? "accuracy not reported"
    : `accuracy slope ${v.accSlope >= 0 ? "+" : ""}${v.accSlope.toFixed(4)}/step ` +
        `(±${v.accSe.toFixed(4)}), not clearly above the ${v.bar.toFixed(4)}/step that would pay for the growth`;
}
