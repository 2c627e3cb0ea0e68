/**
 * The length probe as the recalibration compares it. Each probe case is an answer, the same answer
 * padded with verbosity (core/models/evaluation/length-probe.ts `padAnswerFor`, never the counterfactual
 * filler the recalibration trains on) and an independent reference (the other answer of a held-out
 * label). The GenRM's debiased judgements of
 *   - padded vs original            → the verdict ("better" = length bias),
 *   - original vs reference, padded vs reference → a reward for each answer against the same reference,
 * feed monitoring's summarizeLengthProbe: share judged better, mean reward gap, and corr(reward, length)
 * over all answers — where the answers' own quality differences supply the variance a length effect is
 * measured against (so a tiny but consistent nudge does not read as a large correlation). When every
 * case's correctness is known (a run's rollouts), the correlation is taken at fixed correctness
 * (partial, controlling for it): a run's wrong answers may simply be longer or shorter than its right
 * ones, which says nothing about paying for added words.
 */
import { createHash } from "node:crypto";
import { partialCorrelation, summarizeLengthProbe, type ProbePair } from "../../../monitoring/index";
import { argmaxVerdict, rewardFromProbs } from "../../../genrm/verdicts";
import type { JudgeItem, VerdictProbs } from "../../../genrm/types";
import { padAnswerFor } from "../../models/evaluation/length-probe";
import type { ProbeNumbers } from "./outcome";

export interface ProbeCase {
  prompt: string;
  original: string;
  padded: string;
  reference: string;
  /** how right the original is (1 right, 0 wrong; a trainer may report a score), when known (a run's rollouts) */
  correct?: number | null;
}

/** Up to `max` cases from (prompt, answer, other answer) triples, chosen by hash: stable, order-free. */
export function buildProbeCases(labels: Iterable<{ prompt: string; a: string; b: string }>, max = 200, opts: { maxBytes?: number } = {}): ProbeCase[] {
  const seen = new Map<string, ProbeCase>();
  for (const l of labels) {
    for (const [original, reference] of [[l.a, l.b], [l.b, l.a]] as const) {
      if (!original.trim() || !reference.trim() || original === reference) continue;
      const key = createHash("sha256").update(JSON.stringify([l.prompt, original, reference])).digest("hex");
      if (!seen.has(key)) seen.set(key, { prompt: l.prompt, original, padded: padAnswerFor(l.prompt, original, opts.maxBytes), reference });
    }
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, max).map(([, c]) => c);
}

/** The items to judge: 3 per case — [padded vs original, original vs reference, padded vs reference]. */
export function probeItems(cases: readonly ProbeCase[]): JudgeItem[] {
  return cases.flatMap((c) => [
    { prompt: c.prompt, reference: c.original, candidate: c.padded },
    { prompt: c.prompt, reference: c.reference, candidate: c.original },
    { prompt: c.prompt, reference: c.reference, candidate: c.padded },
  ]);
}

export function probeNumbers(cases: readonly ProbeCase[], probs: readonly VerdictProbs[]): ProbeNumbers {
  if (probs.length !== 3 * cases.length) throw new RangeError("three judgements per probe case");
  const pairs: ProbePair[] = cases.map((c, i) => ({
    shorter: { length: c.original.length, reward: rewardFromProbs(probs[3 * i + 1]!) },
    longer: { length: c.padded.length, reward: rewardFromProbs(probs[3 * i + 2]!) },
    verdict: argmaxVerdict(probs[3 * i]!),
  }));
  const s = summarizeLengthProbe(pairs);
  const known = cases.length > 0 && cases.every((c) => typeof c.correct === "number" && Number.isFinite(c.correct));
  const r = known
    ? partialCorrelation(
        pairs.flatMap((p) => [p.shorter.reward, p.longer.reward]),
        pairs.flatMap((p) => [p.shorter.length, p.longer.length]),
        cases.flatMap((c) => [c.correct!, c.correct!]),
      )
    : s.pearson;
  // Every answer got the same reward: reward does not move with length at all — no coupling (0), not
  // "unknown". (Lengths always vary here: padding adds characters.)
  const corr = r.value ?? (r.reason === "zero_variance" && s.n > 0 ? 0 : null);
  return { n: s.n, longerBetterShare: s.longerBetterShare, corr, meanRewardGap: s.meanRewardGap };
}
