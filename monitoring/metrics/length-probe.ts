/**
 * Length-probe summary (RM-Bench's idea): pairs of answers with the same content,
 * one of them padded or made verbose. An unbiased GenRM calls the longer one "same"; every "better" is
 * length bias. Also reports corr(reward, length) pooled over both answers of every pair.
 */
import { mean } from "../stats/basic";
import type { StatResult } from "../stats/result";
import { pearson, spearman } from "./correlation";

export type ProbeVerdict = "better" | "same" | "worse";

export interface ProbeAnswer {
  /** characters */
  length: number;
  /** the GenRM's reward for this answer (p(better) − p(worse) against the prompt's reference) */
  reward: number;
}

export interface ProbePair {
  shorter: ProbeAnswer;
  longer: ProbeAnswer;
  /** the GenRM's argmax verdict for the LONGER answer judged against the SHORTER one as reference */
  verdict: ProbeVerdict;
}

export interface LengthProbeSummary {
  n: number;
  /** share of pairs where the longer answer was judged "better" (0 for an unbiased GenRM) */
  longerBetterShare: number | null;
  sameShare: number | null;
  longerWorseShare: number | null;
  /** longerBetterShare − longerWorseShare, in [−1, 1]; 0 = no net length preference */
  netLengthPreference: number | null;
  /** mean of reward(longer) − reward(shorter) */
  meanRewardGap: number | null;
  /** share of pairs where reward(longer) > reward(shorter) */
  longerRewardHigherShare: number | null;
  /** correlations of reward with length over the 2n pooled answers */
  pearson: StatResult;
  spearman: StatResult;
}

export function summarizeLengthProbe(pairs: readonly ProbePair[]): LengthProbeSummary {
  const n = pairs.length;
  const share = (pred: (p: ProbePair) => boolean) => (n ? pairs.filter(pred).length / n : null);
  const better = share((p) => p.verdict === "better");
  const worse = share((p) => p.verdict === "worse");
  const gaps = pairs.map((p) => p.longer.reward - p.shorter.reward);
  const lengths = pairs.flatMap((p) => [p.shorter.length, p.longer.length]);
  const rewards = pairs.flatMap((p) => [p.shorter.reward, p.longer.reward]);
  const gapMean = n ? mean(gaps) : null;
  return {
    n,
    longerBetterShare: better,
    sameShare: share((p) => p.verdict === "same"),
    longerWorseShare: worse,
    netLengthPreference: better === null || worse === null ? null : better - worse,
    meanRewardGap: gapMean !== null && Number.isFinite(gapMean) ? gapMean : null,
    longerRewardHigherShare: share((p) => p.longer.reward > p.shorter.reward),
    pearson: pearson(rewards, lengths),
    spearman: spearman(rewards, lengths),
  };
}
