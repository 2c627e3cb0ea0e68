import { getPromptTournament } from "@core/tournaments/get-prompt-tournament";
import { route } from "@/lib/http";

export const GET = route({ name: "tournaments.prompt" }, async ({ actor, params }) =>
  getPromptTournament(actor!, { runId: params.runId!, promptId: params.promptId! }),
);
