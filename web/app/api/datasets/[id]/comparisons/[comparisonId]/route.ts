import { setGold, setGoldInput } from "@core/datasets/set-gold";
import { route } from "@/lib/http";

export const PATCH = route({ body: setGoldInput, name: "datasets.comparisons.gold" }, async ({ actor, params, body }) => ({
  comparison: await setGold(actor!, params.id!, params.comparisonId!, body),
}));
