import { compareModels } from "@core/models/compare-models";
import { route } from "@/lib/http";

/** ?a=<version|id>&b=<version|id> */
export const GET = route({ name: "models.compare" }, async ({ actor, url }) => compareModels(actor, url.searchParams.get("a") ?? "", url.searchParams.get("b") ?? ""));
