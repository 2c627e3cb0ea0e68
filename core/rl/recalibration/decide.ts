/**
 * The acceptance rule (design.md, "Length bias"): a recalibrated version replaces the run's version
 * only if the length probe and corr(reward, length) improve and held-out accuracy does not fall by
 * more than the allowed points. Pure.
 */
import { DEFAULT_ACCEPTANCE, type AcceptanceRule, type Decision, type ModelEvalNumbers } from "./comparison";

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)} %`);
const f2 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));

export function probeCorrDrop(before: ModelEvalNumbers, after: ModelEvalNumbers): number | null {
  const b = before.probe.corr;
  const a = after.probe.corr;
  if (b === null || a === null || b === 0) return null;
  return (b - a) / Math.abs(b);
}

export function decideRecalibration(before: ModelEvalNumbers, after: ModelEvalNumbers, rule: AcceptanceRule = DEFAULT_ACCEPTANCE): Decision {
  const drop = probeCorrDrop(before, after);
  const checks: Decision["checks"] = [];
  checks.push({
    name: "corr(reward, length) on the probe",
    passed: drop !== null && drop >= rule.minProbeCorrDrop,
    detail: `${f2(before.probe.corr)} → ${f2(after.probe.corr)} (${drop === null ? "not computable" : `${(100 * drop).toFixed(0)} % lower`}; needs ≥ ${(100 * rule.minProbeCorrDrop).toFixed(0)} %)`,
  });
  const bShare = before.probe.longerBetterShare;
  const aShare = after.probe.longerBetterShare;
  checks.push({
    name: "padded answer judged better (probe)",
    passed: bShare !== null && aShare !== null && aShare <= bShare,
    detail: `${pct(bShare)} → ${pct(aShare)} (must not rise)`,
  });
  const bAcc = before.heldOutAccuracy;
  const aAcc = after.heldOutAccuracy;
  const delta = bAcc === null || aAcc === null ? null : 100 * (aAcc - bAcc);
  checks.push({
    name: "held-out accuracy",
    passed: delta !== null && delta >= -rule.maxAccuracyLossPts,
    detail: `${pct(bAcc)} → ${pct(aAcc)} on ${after.heldOutN} labels (${delta === null ? "n/a" : `${delta >= 0 ? "+" : ""}${delta.toFixed(1)} points`}; may lose ≤ ${rule.maxAccuracyLossPts})`,
  });
  return { accepted: checks.every((c) => c.passed), checks };
}
