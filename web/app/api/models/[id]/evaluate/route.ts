import { startEvaluation } from "@core/models/start-evaluation";
import { route } from "@/lib/http";

export const POST = route({ name: "models.evaluate" }, async ({ actor, params }) => Response.json(await startEvaluation(actor, params.id!), { status: 202 }));
