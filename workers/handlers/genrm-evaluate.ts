/**
 * Job `genrm.evaluate`: evaluates a version on its held-out labels (core/models/evaluation). Missing
 * held-out data (NotFound/Unprocessable) fails at once; a backend hiccup retries (failure-policy.ts).
 */
import { runEvaluation } from "@core/models/evaluation/run-evaluation";
import { defineJob } from "../define-job";

export const genrmEvaluate = defineJob("genrm.evaluate", async (data, ctx) => {
  let last = 0;
  const m = await runEvaluation(data.evaluationId, {
    signal: ctx.signal,
    onProgress: (done, total) => {
      if (Date.now() - last < 1000 && done < total) return;
      last = Date.now();
      ctx.progress(Math.round((100 * done) / total), { done, total }).catch(() => undefined);
    },
  });
  return { accuracy: m.accuracy, n: m.n, longerBetterShare: m.lengthProbe.longerBetterShare };
});
