/** RL runs for trainers (`runs:write` key) and researchers: list, and register a new run. */
import { createRun, createRunInput } from "@core/rl/create-run";
import { listRuns } from "@core/rl/list-runs";
import { route } from "@/lib/http";

export const GET = route({ name: "runs.list" }, async ({ actor }) => listRuns(actor));

export const POST = route({ body: createRunInput, maxBytes: 100_000, name: "runs.create" }, async ({ actor, body }) => {
  const created = await createRun(actor, body);
  return Response.json(created, { status: 201 });
});
