import { createDataset, createDatasetInput } from "@core/datasets/create-dataset";
import { listDatasets } from "@core/datasets/list-datasets";
import { route } from "@/lib/http";

export const GET = route({ name: "datasets.list" }, async ({ actor }) => ({ datasets: await listDatasets(actor!) }));

export const POST = route({ body: createDatasetInput, name: "datasets.create" }, async ({ actor, body }) => {
  const dataset = await createDataset(actor!, body);
  return Response.json({ dataset }, { status: 201 });
});
