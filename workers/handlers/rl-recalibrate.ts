/**
 * rl.recalibrate: trains, evaluates and decides one recalibration (core/rl/recalibration). Runs on the
 * "train" queue (one at a time: it spawns the trainer). Resumable: a retried job continues from the
 * phase the Recalibration row records. When the last attempt fails, the row says so instead of
 * staying "training" forever.
 */
import { db, type Prisma } from "@core/db/client";
import { runRecalibration } from "@core/rl/recalibration/run-recalibration";
import { defineJob } from "../define-job";

export const rlRecalibrate = defineJob("rl.recalibrate", async (data, ctx) => {
  const attempt = ctx.job.attemptsMade + 1;
  try {
    const r = await runRecalibration(data.recalibrationId, {
      signal: ctx.signal,
      attempt,
      log: (line) => ctx.log(line),
      progress: (pct, detail) => ctx.progress(pct, detail),
    });
    return { status: r.status, toModelId: r.toModelId };
  } catch (error) {
    if (attempt >= (ctx.job.opts.attempts ?? 1)) {
      const row = await db().recalibration.findUnique({ where: { id: data.recalibrationId }, select: { comparison: true } });
      await db().recalibration.update({
        where: { id: data.recalibrationId },
        data: {
          status: "failed",
          finishedAt: new Date(),
          comparison: { ...((row?.comparison ?? {}) as object), error: `Gave up after ${attempt} attempts: ${(error as Error).message}` } as Prisma.InputJsonValue,
        },
      });
    }
    throw error;
  }
});
