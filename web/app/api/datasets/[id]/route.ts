import { getDataset } from "@core/datasets/get-dataset";
import { updateDataset, updateDatasetInput } from "@core/datasets/update-dataset";
import { route } from "@/lib/http";

export const GET = route({ name: "datasets.get" }, async ({ actor, params }) => getDataset(actor!, params.id!));

export const PATCH = route({ body: updateDatasetInput, name: "datasets.update" }, async ({ actor, params, body }) => ({
  dataset: await updateDataset(actor!, params.id!, body),
}));
