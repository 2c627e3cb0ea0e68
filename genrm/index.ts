/**
 * Public API of the GenRM TypeScript core. Imports nothing app-specific (no Prisma, no Next).
 * The conformance suite (imports vitest) lives apart in ./conformance; the embedded ONNX backend is
 * exported by its own folder (./backends/embedded).
 */
export * from "./types";
export { TEMPLATE_VERSION, VERDICT_COMPLETION, renderJudgePrompt, renderJudgeMessages, truncateUtf8, type ChatJudgeStyle, type ChatMessage, type RenderOptions } from "./template";
export { fitJudgeFields, truncateTurns, type FittedFields, type JudgeFields } from "./truncate";
export {
  PROB_TOLERANCE,
  TIE_EPSILON,
  argmaxVerdict,
  isValidProbs,
  logSumExp,
  mirrorProbs,
  mirrorVerdict,
  normalizeProbs,
  oneHot,
  pairwiseToProbs,
  pairwiseToVerdict,
  probsFromLogprobs,
  rewardFromProbs,
  scoreFromReward,
  type PairwiseMappingOptions,
  type PairwiseWinner,
} from "./verdicts";
export { combineOrders, judgeBothOrders, judgeSingleOrder, swapItem, toSingleOrderResult, type DebiasedResult, type SingleOrderResult } from "./debias";
export { CachedBackend, LruCache, VerdictCache, judgeCacheKey, type CacheKeyParts, type CacheStats, type CachedBackendOptions } from "./cache";
export { MicroBatchBackend, type MicroBatchOptions, type MicroBatchStats } from "./microbatch";
export {
  exportTrainingRows,
  exportTrainingRowsAsync,
  isHeldout,
  isPairwiseLabel,
  labelToRows,
  splitByPrompt,
  toJsonlLine,
  type ExportOptions,
  type LabelRecord,
  type PairwiseLabel,
  type TrainingRow,
  type VsReferenceLabel,
} from "./export";
export { Semaphore, sleep } from "./concurrency";
export * from "./backends/openai";
export * from "./backends/fake";
