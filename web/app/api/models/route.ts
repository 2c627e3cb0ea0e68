import { listModels } from "@core/models/list-models";
import { route } from "@/lib/http";

export const GET = route({ name: "models.list" }, async ({ actor }) => listModels(actor));
