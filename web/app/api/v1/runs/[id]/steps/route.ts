/**
 * A trainer reports one step (metrics + a sample of rollouts). Idempotent per (run, step); out-of-order
 * steps are fine. 201 when the step is new, 200 when it was already there (unchanged or replaced).
 * The reply carries new alerts and the run's control.
 */
import { postStep } from "@core/rl/post-step";
import { STEP_MAX_BYTES, postStepInput } from "@core/rl/step-input";
import { route } from "@/lib/http";

export const POST = route({ body: postStepInput, maxBytes: STEP_MAX_BYTES, name: "runs.steps.post" }, async ({ actor, body, params }) => {
  const result = await postStep(actor, params.id!, body);
  return Response.json(result, { status: result.status === "created" ? 201 : 200 });
});
