import { rollbackInput, rollbackModel } from "@core/models/activate-model";
import { route } from "@/lib/http";

export const POST = route({ body: rollbackInput, name: "models.rollback" }, async ({ actor, body }) => rollbackModel(actor, body));
