import { listModels } from "@core/models/list-models";
import { registerServedJudge, registerServedJudgeInput } from "@core/models/register-served-judge";
import { route } from "@/lib/http";

export const GET = route({ name: "models.list" }, async ({ actor }) => listModels(actor));

/** Registers a judge served elsewhere (probed first; 422 naming what failed, nothing stored). */
export const POST = route({ body: registerServedJudgeInput, maxBytes: 64 * 1024, name: "models.register" }, async ({ actor, body }) =>
  Response.json(await registerServedJudge(actor, body), { status: 201 }),
);
