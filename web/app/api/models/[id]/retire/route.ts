import { retireModel } from "@core/models/activate-model";
import { route } from "@/lib/http";

export const POST = route({ name: "models.retire" }, async ({ actor, params }) => retireModel(actor, params.id!));
