/** One RL run: settings, control, progress, alerts and recalibrations. */
import { getRun } from "@core/rl/get-run";
import { route } from "@/lib/http";

export const GET = route({ name: "runs.get" }, async ({ actor, params }) => getRun(actor, params.id!));
