import { getModel } from "@core/models/get-model";
import { route } from "@/lib/http";

/** `id` is a version number ("3", "v3") or a model id. */
export const GET = route({ name: "models.get" }, async ({ actor, params }) => getModel(actor, params.id!));
