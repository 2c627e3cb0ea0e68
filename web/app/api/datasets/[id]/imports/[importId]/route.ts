import { getImport } from "@core/datasets/get-import";
import { route } from "@/lib/http";

export const GET = route({ name: "datasets.import.get" }, async ({ actor, params }) => ({ import: await getImport(actor!, params.id!, params.importId!) }));
