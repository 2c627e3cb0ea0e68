import { flagAssignment, flagInput } from "@core/labelling/end-assignment";
import { route } from "@/lib/http";

export const POST = route({ body: flagInput, maxBytes: 5_000, name: "label.flag" }, async ({ actor, params, body }) => flagAssignment(actor!, params.id!, body));
