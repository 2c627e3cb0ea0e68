import { listTrainingRuns } from "@core/models/list-models";
import { startTrainingInput, startTrainingRun } from "@core/models/start-training-run";
import { route } from "@/lib/http";

export const GET = route({ name: "training-runs.list" }, async ({ actor }) => ({ runs: await listTrainingRuns(actor) }));

export const POST = route({ body: startTrainingInput, maxBytes: 20_000, name: "training-runs.start" }, async ({ actor, body }) =>
  Response.json(await startTrainingRun(actor, body), { status: 202 }),
);
