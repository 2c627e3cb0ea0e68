/**
 * The acceptance rule: a recalibrated version replaces the run's version
 * only if the length probe and corr(reward, length) improve and held-out accuracy does not fall by
 * more than the allowed points. Pure.
 */
import { DEFAULT_ACCEPTANCE, type AcceptanceRule, type Decision, type ModelEvalNumbers } from "./outcome";

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
    detail: `${pct(bAcc)} → ${pct(aAcc)} on ${after.heldOutN} length-balanced labels (${delta === null ? "n/a" : `${delta >= 0 ? "+" : ""}${delta.toFixed(1)} points`}; may lose ≤ ${rule.maxAccuracyLossPts})`,
  });
  return { accepted: checks.every((c) => c.passed), checks };
}

/**
 * A candidate that kept its content accuracy but still pays for length: more counterfactual pairs may
 * finish the job (one that lost accuracy would only lose more).
 */
export function stillPaysForLengthOnly(decision: Decision): boolean {
  const failed = decision.checks.filter((c) => !c.passed).map((c) => c.name);
  return failed.length > 0 && !failed.includes("held-out accuracy");
}

/** What a researcher can try when a check failed, keyed by the check's name above. */
const ADVICE: Record<string, string> = {
  "corr(reward, length) on the probe":
    "the new version still pays for length: label more pairs where the shorter answer is as good (or better), or start another recalibration with more counterfactual pairs",
  "padded answer judged better (probe)": "padding still wins on the probe: add labels that prefer the plain answer over a padded copy, then recalibrate again",
  "held-out accuracy": "it lost content accuracy: recalibrate with fewer epochs or a lower learning rate, or add labels first",
};

export function adviceFor(decision: Decision): string[] {
  return decision.checks.filter((c) => !c.passed).map((c) => `${c.name} failed (${c.detail}) — ${ADVICE[c.name] ?? "inspect the numbers on the run page"}`);
}
