/**
 * `dataset.import`: parses an uploaded file and stores it (core/datasets/run-import.ts). Runs in the
 * worker process itself: the work is mostly database round trips, and parsing streams (one line in
 * memory at a time), so it does not need a child process. Idempotent: a rerun adds nothing twice.
 * The import row says "failed" once no attempt remains (failure-policy.ts decides retries).
 */
import { markImportFailed, runImport } from "@core/datasets/run-import";
import { defineJob } from "../define-job";

export const datasetImport = defineJob(
  "dataset.import",
  (data, ctx) => runImport(data.importId, { progress: (fraction, detail) => ctx.progress(Math.round(fraction * 100), detail), signal: ctx.signal }),
  { onFinalFailure: (data, f) => markImportFailed(data.importId, new Error(f.message)) },
);
