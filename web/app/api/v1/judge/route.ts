/** POST /api/v1/judge — judgements of {prompt, response, reference?} items (API key with `judge`). */
import { judgeForActor } from "@core/genrm-service/judge-for-actor";
import { judgeRoute, noteCall } from "@/lib/judge-route";

export const POST = judgeRoute("judge", async ({ actor, body, req }) => {
  const items = (body as { items?: unknown } | null)?.items;
  noteCall(req, { keyId: actor?.kind === "apiKey" ? actor.keyId : null, batchSize: Array.isArray(items) ? items.length : 0 });
  const { status, reply } = await judgeForActor(actor, body);
  noteCall(req, { modelId: reply.model.id, modelVersion: reply.model.version, itemErrors: reply.errors });
  return Response.json(reply, { status });
});
