import { getTournamentRun } from "@core/tournaments/get-tournament-run";
import { route } from "@/lib/http";

export const GET = route({ name: "tournaments.get" }, async ({ actor, params }) => getTournamentRun(actor!, params.runId!));
