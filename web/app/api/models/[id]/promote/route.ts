import { activationInput, promoteModel } from "@core/models/activate-model";
import { route } from "@/lib/http";

export const POST = route({ body: activationInput, name: "models.promote" }, async ({ actor, params, body }) => promoteModel(actor, params.id!, body));
