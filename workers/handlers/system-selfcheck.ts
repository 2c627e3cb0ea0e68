/** Queue self-check: waits (optionally) and records a JobEffect exactly once per job id. */
import { recordSelfcheckEffect } from "@core/status/record-selfcheck";
import { defineJob } from "../define-job";

export const systemSelfcheck = defineJob("system.selfcheck", async (data, ctx) => {
  const steps = 10;
  for (let i = 1; i <= steps; i++) {
    await new Promise((r) => setTimeout(r, data.sleepMs / steps));
    await ctx.progress((i / steps) * 100);
  }
  // Idempotent: a retried or recovered job finds the row and does not write it twice.
  return recordSelfcheckEffect(ctx.job.id!, ctx.job.name, data.note);
});
