/**
 * The acceptance rule: a recalibrated version replaces the run's version
 * only if the length probe and corr(reward, length) improve and held-out accuracy does not fall by
 * more than the allowed points. Pure.
 *
 * Which probe's corr: the run probe (the run's own rollouts, padded the way its policy pads) when the
 * run's version pays for that padding there (corr > 0 on enough rollouts) — that is the bias the run
 * was paused for, and a fixed filler may not show it at all; else the fixed probe. The fixed probe's
 * "padded judged better" share must not rise either way, so the remedy for the policy's padding cannot
 * teach a taste for other filler.
 */
import { DEFAULT_ACCEPTANCE, type AcceptanceRule, type Decision, type ModelEvalNumbers } from "./outcome";

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)} %`);
const f2 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));

/** Fewer run-probe rollouts than this and the fixed probe decides. */
export const MIN_RUN_PROBE = 16;

export function probeUsed(before: ModelEvalNumbers, after: ModelEvalNumbers): "run" | "fixed" {
  const b = before.runProbe;
  const a = after.runProbe;
  return b && a && b.n >= MIN_RUN_PROBE && a.n === b.n && b.corr !== null && b.corr > 0 && a.corr !== null ? "run" : "fixed";
}

export function probeCorrDrop(before: ModelEvalNumbers, after: ModelEvalNumbers): number | null {
  const used = probeUsed(before, after);
  const b = used === "run" ? before.runProbe!.corr : before.probe.corr;
  const a = used === "run" ? after.runProbe!.corr : after.probe.corr;
  if (b === null || a === null || b === 0) return null;
  return (b - a) / Math.abs(b);
}

export function decideRecalibration(before: ModelEvalNumbers, after: ModelEvalNumbers, rule: AcceptanceRule = DEFAULT_ACCEPTANCE): Decision {
  const drop = probeCorrDrop(before, after);
  const run = probeUsed(before, after) === "run";
  const [bCorr, aCorr] = run ? [before.runProbe!.corr, after.runProbe!.corr] : [before.probe.corr, after.probe.corr];
  const checks: Decision["checks"] = [];
  // The version in use does not couple reward to length on the probe that decides: a fall of half of
  // nothing cannot be shown (from a negative corr, a more negative one would read as a "drop" of any
  // size), and "it still pays for length" would send the researcher the wrong way.
  const nothingToHalve = bCorr !== null && bCorr <= 0;
  checks.push({
    name: run ? RUN_CORR_CHECK : "corr(reward, length) on the probe",
    passed: !nothingToHalve && drop !== null && drop >= rule.minProbeCorrDrop,
    detail: `${f2(bCorr)} → ${f2(aCorr)}${run ? ` on ${before.runProbe!.n} of the run's rollouts` : ""} (${drop === null ? "not computable" : drop >= 0 ? `${(100 * drop).toFixed(0)} % lower` : `${(-100 * drop).toFixed(0)} % higher`}; needs ≥ ${(100 * rule.minProbeCorrDrop).toFixed(0)} % lower${nothingToHalve ? `; ${before.name} shows no coupling here to halve` : ""})`,
    ...(nothingToHalve ? { advice: NO_COUPLING_ADVICE, nothingToHalve: true } : {}),
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
    name: ACCURACY_CHECK,
    passed: delta !== null && delta >= -rule.maxAccuracyLossPts,
    detail: `${pct(bAcc)} → ${pct(aAcc)} on ${after.heldOutN} length-balanced labels (${delta === null ? "n/a" : `${delta >= 0 ? "+" : ""}${delta.toFixed(1)} points`}; may lose ≤ ${rule.maxAccuracyLossPts})`,
  });
  return { accepted: checks.every((c) => c.passed), checks };
}

/**
 * A candidate that kept its content accuracy but still pays for length: more counterfactual pairs may
 * finish the job (one that lost accuracy would only lose more; where the version in use shows nothing
 * to halve, no candidate can pass, so another would be trained for nothing).
 */
export function stillPaysForLengthOnly(decision: Decision): boolean {
  const failed = decision.checks.filter((c) => !c.passed);
  return failed.length > 0 && !failed.some((c) => c.name === ACCURACY_CHECK || c.nothingToHalve);
}

const ACCURACY_CHECK = "held-out accuracy";
const RUN_CORR_CHECK = "corr(reward, length) with the policy's own padding (run probe)";

const NO_COUPLING_ADVICE =
  "the version in use does not couple reward to length on this probe, so no recalibration can halve it: if the diagnosis found it paying for the policy's padding, label some of the run's rollouts against their padded copies (the run probe then measures what the policy is paid for) and try again; otherwise the growth is likely the policy's own drift — continue on the version in use, or stop";

/** What a researcher can try when a check failed, keyed by the check's name above. */
const ADVICE: Record<string, string> = {
  [RUN_CORR_CHECK]:
    "the new version still pays for the padding this run's policy writes: label more of the run's rollouts against their padded copies, or start another recalibration with more counterfactual pairs",
  "corr(reward, length) on the probe":
    "the new version still pays for length: label more pairs where the shorter answer is as good (or better), or start another recalibration with more counterfactual pairs",
  "padded answer judged better (probe)": "padding still wins on the probe: add labels that prefer the plain answer over a padded copy, then recalibrate again",
  [ACCURACY_CHECK]: "it lost content accuracy: recalibrate with fewer epochs or a lower learning rate, or add labels first",
};

export function adviceFor(decision: Decision): string[] {
  return decision.checks.filter((c) => !c.passed).map((c) => `${c.name} failed (${c.detail}) — ${c.advice ?? ADVICE[c.name] ?? "inspect the numbers on the run page"}`);
}

/**
 * The candidate to train after recipe `index` was decided against, or null: a stronger one of the same
 * kind while it kept its content accuracy but still paid for length; the gentlest one of the other kind
 * (later in the list) when it lost content accuracy; none when nothing is left to halve or when another
 * candidate could not change the outcome.
 */
export function nextRecipe(recipes: ReadonlyArray<{ runPadding: boolean }>, index: number, decision: Decision): number | null {
  if (decision.accepted || decision.checks.some((c) => !c.passed && c.nothingToHalve)) return null;
  const kind = recipes[index]?.runPadding;
  if (stillPaysForLengthOnly(decision)) return recipes[index + 1]?.runPadding === kind ? index + 1 : null;
  const lostAccuracy = decision.checks.some((c) => !c.passed && c.name === ACCURACY_CHECK);
  if (!lostAccuracy) return null;
  const other = recipes.findIndex((r, j) => j > index && r.runPadding !== kind);
  return other >= 0 ? other : null;
}
