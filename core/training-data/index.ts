/** Database labels → GenRM training data (JSONL through the serving template) and evaluation cases. */
export { exportRunData, type ExportRunDataInput, type ExportSummary } from "./export-run-data";
export { iterateLabels, loadLabels, loadTrustLabels, type LabelFilter } from "./load-labels";
export { isUsableLabel, rowVerdicts, strengthOf, toJudgeCase, toLabelRecord, type DbLabel } from "./label-records";
export { annotatorWeights, labelWeight, MAX_TRUST_WEIGHT, type Weighting } from "./weights";
export { assertTrainable, summarizeLabels, type LabelSummary } from "./label-summary";
export { labelWeigher, trainingRecords, weightedLabels, type LabelWeigher } from "./label-pipeline";
