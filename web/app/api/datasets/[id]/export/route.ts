/**
 * Streams a dataset export: ?format=trl|genrm|labels|hh|hf [&snapshot=<id>] [&ties=exclude|keep]
 * [&weighting=none|trust] [&rationale=0|1] [&test=0.2&seed=1&license=other] (hf: a .tar.gz folder).
 */
import { exportDataset } from "@core/exports/export-dataset";
import { route } from "@/lib/http";

export const GET = route({ name: "datasets.export" }, async ({ actor, params, url }) => {
  const q = Object.fromEntries(url.searchParams);
  const { fileName, contentType, chunks } = await exportDataset(actor!, params.id!, { ...q, format: (q.format ?? "trl") as never });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { "content-type": contentType, "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
  });
});
