/** What the trainer should do now: {action: "continue" | "pause", model, reason}. Poll it between steps. */
import { getRunControlFor } from "@core/rl/get-run-control";
import { route } from "@/lib/http";

export const GET = route({ name: "runs.control" }, async ({ actor, params }) => {
  const control = await getRunControlFor(actor, params.id!);
  return Response.json(control, { headers: { "cache-control": "no-store" } });
});
