/**
 * `labelling.refresh-uncertain`: tops a dataset's active-labelling queue up (core/datasets/active).
 * Idempotent: it fills up to the budget and skips pairs that exist, so a rerun adds nothing twice.
 */
import { refreshUncertainComparisons } from "@core/datasets/active/refresh-uncertain";
import { defineJob } from "../define-job";

export const labellingRefreshUncertain = defineJob("labelling.refresh-uncertain", async (data, ctx) => {
  const r = await refreshUncertainComparisons(data.datasetId);
  await ctx.log(`judged ${r.candidates} candidates with ${r.model ?? "no model"}; created ${r.created}; ${r.open} open`);
  return r;
});
