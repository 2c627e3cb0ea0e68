import { listTournamentRuns } from "@core/tournaments/list-tournament-runs";
import { startTournamentRun, startTournamentRunInput } from "@core/tournaments/start-tournament-run";
import { route } from "@/lib/http";

export const GET = route({ name: "tournaments.list" }, async ({ actor }) => listTournamentRuns(actor!));

export const POST = route({ body: startTournamentRunInput, maxBytes: 200_000, name: "tournaments.start" }, async ({ actor, body }) => {
  const run = await startTournamentRun(actor!, body);
  return Response.json({ run: { id: run.id, status: run.status, total: run.total, jobId: run.jobId } }, { status: 201 });
});
