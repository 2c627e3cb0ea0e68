/** Dashboard action: start a recalibration of the run's GenRM version (owner or admin). */
import { startRecalibration, startRecalibrationInput } from "@core/rl/start-recalibration";
import { route } from "@/lib/http";

export const POST = route({ body: startRecalibrationInput, maxBytes: 10_000, name: "rl.runs.recalibrate" }, async ({ actor, body, params }) => {
  const started = await startRecalibration(actor, params.id!, body);
  return Response.json(started, { status: 202 });
});
