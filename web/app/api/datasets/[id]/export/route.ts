/** Streams a dataset export as JSONL: ?format=trl|genrm|labels [&ties=exclude|keep] [&weighting=none|trust] [&rationale=0|1]. */
import { exportDataset } from "@core/exports/export-dataset";
import { route } from "@/lib/http";

export const GET = route({ name: "datasets.export" }, async ({ actor, params, url }) => {
  const q = Object.fromEntries(url.searchParams);
  const { fileName, lines } = await exportDataset(actor!, params.id!, { ...q, format: (q.format ?? "trl") as never });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
  });
});
