/** Annotator quality statistics (pure): agreement coefficients, trust, consensus, disagreements. The dataset page's view over the database is get-dataset-quality.ts (not exported here, so this index stays pure). */
export * from "./types";
export { cohenKappa, annotatorKappa, pairwiseKappa, type KappaResult, type PairKappa } from "./cohen-kappa";
export { krippendorffAlpha, labelsAlpha, type AlphaMetric, type AlphaResult } from "./krippendorff-alpha";
export { trustFromGold, trustWeights, goldCounts, DEFAULT_PRIOR, type BetaPrior } from "./trust";
export {
  consensusOf,
  computeConsensus,
  findDisagreements,
  type ConsensusOptions,
  type ComparisonConsensus,
  type Disagreement,
  type DisagreementOptions,
  type DisagreementReason,
} from "./consensus";
export { annotatorStats, median, type AnnotatorStats, type AnnotatorStatsOptions, type Rate } from "./annotator-stats";
