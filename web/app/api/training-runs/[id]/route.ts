import { getTrainingRun } from "@core/models/get-training-run";
import { route } from "@/lib/http";

export const GET = route({ name: "training-runs.get" }, async ({ actor, params }) => getTrainingRun(actor, params.id!));
