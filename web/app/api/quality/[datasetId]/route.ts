import { getDatasetQuality } from "@core/quality/get-dataset-quality";
import { route } from "@/lib/http";

export const GET = route({ name: "quality.dataset" }, async ({ actor, params, url }) =>
  getDatasetQuality(actor!, params.datasetId!, Object.fromEntries(url.searchParams)),
);
