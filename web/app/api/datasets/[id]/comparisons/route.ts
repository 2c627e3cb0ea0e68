import { generateComparisons, generateComparisonsInput } from "@core/datasets/generate-comparisons";
import { route } from "@/lib/http";

export const POST = route({ body: generateComparisonsInput, name: "datasets.comparisons.generate" }, async ({ actor, params, body }) => {
  const result = await generateComparisons(actor!, params.id!, body);
  return Response.json(result, { status: 201 });
});
