/**
 * rl.recalibrate: trains, evaluates and decides one recalibration (core/rl/recalibration). Runs on the
 * "train" queue (one at a time: it spawns the trainer). Resumable: a retried job continues from the
 * phase the Recalibration row records. When no attempt remains, the row says so instead of staying
 * "training" forever.
 */
import { runRecalibration } from "@core/rl/recalibration/run-recalibration";
import { markRecalibrationFailed } from "@core/rl/recalibration/mark-recalibration-failed";
import { defineJob } from "../define-job";

export const rlRecalibrate = defineJob(
  "rl.recalibrate",
  async (data, ctx) => {
    const r = await runRecalibration(data.recalibrationId, {
      signal: ctx.signal,
      attempt: ctx.job.attemptsMade + 1,
      log: (line) => ctx.log(line),
      progress: (pct, detail) => ctx.progress(pct, detail),
    });
    return { status: r.status, toModelId: r.toModelId };
  },
  { onFinalFailure: (data, f) => markRecalibrationFailed(data.recalibrationId, `Gave up after ${f.attempt} attempts: ${f.message}`) },
);
