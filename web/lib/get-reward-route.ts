/** The OpenRLHF drop-in handler, served at /get_reward and /api/v1/openrlhf/get_reward. */
import { openrlhfReward } from "@core/genrm-service/openrlhf-reward";
import { judgeRoute, noteCall } from "./judge-route";

export const getRewardHandler = judgeRoute("get_reward", async ({ actor, body, req, url }) => {
  const query = (body as { query?: unknown } | null)?.query;
  noteCall(req, { keyId: actor?.kind === "apiKey" ? actor.keyId : null, batchSize: Array.isArray(query) ? query.length : 0 });
  const { status, reply } = await openrlhfReward(actor, body, Object.fromEntries(url.searchParams));
  noteCall(req, { modelId: reply.model?.id ?? null, modelVersion: reply.model?.version ?? null, itemErrors: reply.errors.length });
  return Response.json(reply, { status });
});
