/**
 * Before a remedy, a diagnosis: does the GenRM the run is judged by PAY for length on the run's own
 * recent rollouts? Two measurements on the rollouts the trainer sampled (stored with each step):
 *
 *   1. counterfactual: every rollout judged as it is and with the words the policy itself was seen to
 *      add around its answers (run-padding.ts; a short closer when it adds none recognisably) against
 *      the prompt's reference; the mean reward gain and the share where the longer copy is paid more.
 *      This is causal: only length changed, by exactly the padding the policy writes.
 *   2. coupling at fixed correctness: partial corr(reward, ln length | correct) over the stored samples
 *      (where the trainer reports correctness). Observational; shown as supporting evidence only, since
 *      a policy that writes longer AND better answers also couples them.
 *
 * Verdict: the GenRM pays for length when the counterfactual gain is above MIN_GAIN and the longer copy
 * wins clearly more than half the time (a sign test at ~2 standard errors). It does NOT pay when the
 * gain is clearly below MIN_GAIN (mean + 2 standard errors < MIN_GAIN): then the length growth is the
 * policy's own drift, and recalibrating the GenRM would not stop it. In between the evidence is not
 * clear either way (null), and the recalibration goes ahead — a wrong "not biased" would leave a
 * biased judge in place, a wrong "biased" only costs a recalibration that the acceptance rule checks. Pure.
 */
import { partialCorrelation } from "../../../monitoring/index";

/** Reward units ([−1, 1] scale): a smaller mean gain is not worth a recalibration. */
export const MIN_GAIN = 0.02;
/** Fewer rollouts than this and the diagnosis says it cannot tell. */
export const MIN_ROLLOUTS = 16;

export interface DiagnosisSample {
  length: number;
  reward: number;
  correct: number | null;
}

export interface Diagnosis {
  /** rollouts judged both ways */
  n: number;
  /** mean reward(longer copy) − reward(as written) */
  meanGain: number | null;
  /** share of rollouts whose longer copy is paid more (ties count half) */
  longerPaidMoreShare: number | null;
  /** partial corr(reward, ln length | correct) over the stored samples; null without correctness */
  couplingAtFixedCorrectness: number | null;
  couplingN: number;
  /** distinct paddings of the run's policy the copies were padded with (0: a short closer instead) */
  runPaddings?: number;
  /** true: the GenRM pays for length; false: clearly not; null: too few rollouts, or not clear either way */
  paysForLength: boolean | null;
  message: string;
}

export const NOT_BIASED_MESSAGE = "the GenRM does not pay for length: this is the policy's drift";

export function diagnose(plainRewards: readonly number[], paddedRewards: readonly number[], samples: readonly DiagnosisSample[]): Diagnosis {
  if (plainRewards.length !== paddedRewards.length) throw new RangeError("one padded reward per plain reward");
  const n = plainRewards.length;
  const withCorrect = samples.filter((s) => s.correct !== null && Number.isFinite(s.reward) && s.length > 0);
  const coupling =
    withCorrect.length >= 8
      ? partialCorrelation(withCorrect.map((s) => s.reward), withCorrect.map((s) => Math.log(s.length)), withCorrect.map((s) => s.correct!)).value
      : null;
  const base = { n, couplingAtFixedCorrectness: coupling ?? null, couplingN: withCorrect.length };
  if (n < MIN_ROLLOUTS) {
    return { ...base, meanGain: null, longerPaidMoreShare: null, paysForLength: null, message: `too few recent rollouts to tell (${n} < ${MIN_ROLLOUTS})` };
  }
  let gain = 0;
  let wins = 0;
  const diffs: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = paddedRewards[i]! - plainRewards[i]!;
    diffs.push(d);
    gain += d;
    wins += d > 1e-9 ? 1 : Math.abs(d) <= 1e-9 ? 0.5 : 0;
  }
  const meanGain = gain / n;
  const se = Math.sqrt(diffs.reduce((a, d) => a + (d - meanGain) ** 2, 0) / Math.max(1, n - 1) / n);
  const share = wins / n;
  const clearlyMoreThanHalf = share > 0.5 + 2 * Math.sqrt(0.25 / n);
  const pays: boolean | null = meanGain > MIN_GAIN && clearlyMoreThanHalf ? true : meanGain + 2 * se < MIN_GAIN ? false : null;
  const numbers = `longer copy paid ${meanGain >= 0 ? "+" : ""}${meanGain.toFixed(3)} on average, more in ${(100 * share).toFixed(0)} % of ${n} recent rollouts${
    coupling == null ? "" : `; corr(reward, length | correct) ${coupling.toFixed(2)}`
  }`;
  return {
    ...base,
    meanGain,
    longerPaidMoreShare: share,
    paysForLength: pays,
    message:
      pays === true
        ? `the GenRM pays for length (${numbers})`
        : pays === false
          ? `${NOT_BIASED_MESSAGE} (${numbers})`
          : `not clear whether the GenRM pays for length (${numbers}); recalibrating, the acceptance rule decides`,
  };
}
