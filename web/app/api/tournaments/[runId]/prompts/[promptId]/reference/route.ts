import { overrideReference, overrideReferenceInput } from "@core/tournaments/override-reference";
import { route } from "@/lib/http";

/** Human override of the prompt's reference (recorded with who and why). */
export const POST = route({ body: overrideReferenceInput, maxBytes: 20_000, name: "tournaments.override" }, async ({ actor, params, body }) => {
  const reference = await overrideReference(actor!, { runId: params.runId!, promptId: params.promptId! }, body);
  return Response.json({ reference }, { status: 201 });
});
