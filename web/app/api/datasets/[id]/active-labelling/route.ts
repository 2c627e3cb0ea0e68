/** Active labelling for one dataset: turn on / change (POST, fills the queue at once) or off (DELETE). */
import { activeLabellingInput } from "@core/datasets/active/settings";
import { setActiveLabelling } from "@core/datasets/active/set-active-labelling";
import { route } from "@/lib/http";

export const POST = route({ body: activeLabellingInput, maxBytes: 20_000, name: "datasets.active-labelling.set" }, async ({ actor, params, body }) =>
  setActiveLabelling(actor!, params.id!, body),
);

export const DELETE = route({ name: "datasets.active-labelling.off" }, async ({ actor, params }) => setActiveLabelling(actor!, params.id!, null));
