import { submitLabel, submitLabelInput } from "@core/labelling/submit-label";
import { route } from "@/lib/http";

export const POST = route({ body: submitLabelInput, maxBytes: 20_000, name: "label.submit", compress: false }, async ({ actor, params, body }) => {
  const label = await submitLabel(actor!, params.id!, body);
  return Response.json(label, { status: 201 });
});
