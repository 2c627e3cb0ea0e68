/**
 * Where a training run's rows come from. runTraining asks its source once per run (a retry that finds
 * the file it exported earlier trains on that file again, since the checkpoint was trained on it):
 * the source writes the JSONL rows (genrm/export.ts) to `file`, records their lineage, and says what it wrote.
 * Sources: `labelExport` (the labels of the run's datasets; the default) and the recalibration's
 * length-balanced rows (core/rl/recalibration/build-data.ts).
 */
import type { ExportSummary } from "../training-data/export-run-data";
import { exportRunData } from "../training-data/export-run-data";
import { checkTrainingInput } from "./start-training-run";
import { maxPromptBytes, type TrainingParams } from "./training-params";

export interface DataTarget {
  runId: string;
  file: string;
  params: TrainingParams;
  /** The dataset snapshots the run cites (one per dataset): only their labels are exported. */
  snapshotIds?: string[];
}

export type TrainingDataSource = (target: DataTarget) => Promise<ExportSummary>;

/** The labels of the run's datasets, split into training and held-out prompts. */
export const labelExport: TrainingDataSource = async ({ runId, file, params: p, snapshotIds }) => {
  await checkTrainingInput(p);
  return exportRunData({
    trainingRunId: runId,
    datasetIds: p.datasetIds,
    snapshotIds,
    heldoutFraction: p.heldoutFraction,
    splitSeed: p.splitSeed,
    weighting: p.weighting,
    maxPromptBytes: maxPromptBytes(p),
    file,
  });
};
