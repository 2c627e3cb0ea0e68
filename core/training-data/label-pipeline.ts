/**
 * THE label → rows rule, shared by every consumer of human labels as GenRM training data: training
 * (export-run-data.ts), recalibration (core/rl/recalibration/build-data.ts) and the dataset's `genrm`
 * export (core/exports). One reader (load-labels.ts: the prompt's stored text, A as candidate and B as
 * reference), one grouping key (the prompt's content key, so one prompt text never lands on both sides
 * of a split), one weighting rule (weights.ts: gold-based annotator trust, a label contradicting a
 * gold answer weighs 0, unusable verdicts are dropped). Evaluation reads the same labels through
 * toJudgeCase. Rendering is genrm/export's labelToRows with the caller's prompt budget.
 */
import type { LabelRecord } from "../../genrm/export";
import { isUsableLabel, toLabelRecord, type DbLabel } from "./label-records";
import { iterateLabels, loadTrustLabels, type LabelFilter } from "./load-labels";
import { annotatorWeights, labelWeight, type Weighting } from "./weights";

/** A label's training weight under `weighting`; 0 = left out (unusable, or known wrong). */
export type LabelWeigher = (l: DbLabel) => number;

/** The weigher for labels of `datasetIds` (trust is computed over all their labels' gold answers, within `snapshotIds` when given). */
export async function labelWeigher(datasetIds: string[], weighting: Weighting, snapshotIds?: string[]): Promise<LabelWeigher> {
  const annotators = weighting === "trust" ? annotatorWeights(await loadTrustLabels(datasetIds, snapshotIds)) : new Map<string, number>();
  return (l) => (isUsableLabel(l) ? labelWeight(l, annotators, weighting) : 0);
}

/** Every label of the filter with its weight and, when it counts, its training record. */
export async function* weightedLabels(filter: LabelFilter, weigh: LabelWeigher): AsyncGenerator<{ label: DbLabel; weight: number; record: LabelRecord | null }> {
  for await (const label of iterateLabels(filter)) {
    const weight = weigh(label);
    yield { label, weight, record: weight > 0 ? toLabelRecord(label, weight) : null };
  }
}

/** The training records of a set of datasets (the `genrm` export): the same rule training applies. */
export async function* trainingRecords(datasetIds: string[], weighting: Weighting, snapshotIds?: string[]): AsyncGenerator<LabelRecord> {
  const weigh = await labelWeigher(datasetIds, weighting, snapshotIds);
  for await (const { record } of weightedLabels({ datasetIds, snapshotIds }, weigh)) if (record) yield record;
}
