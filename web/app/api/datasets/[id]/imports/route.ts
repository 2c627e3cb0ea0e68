/**
 * Upload an import file as the raw request body (JSONL or a JSON array), e.g.
 *   curl -H "Authorization: Bearer $KEY" --data-binary @prefs.jsonl ".../api/datasets/$ID/imports?fileName=prefs.jsonl"
 * Streams to disk (no JSON parsing here); the `dataset.import` job does the rest. 202 + the import row.
 */
import { Readable } from "node:stream";
import { startImport } from "@core/datasets/start-import";
import { route } from "@/lib/http";

export const POST = route({ name: "datasets.import" }, async ({ actor, params, url, req }) => {
  const body = req.body ? (Readable.fromWeb(req.body as never) as AsyncIterable<Uint8Array>) : null;
  const imp = await startImport(
    actor!,
    params.id!,
    { fileName: url.searchParams.get("fileName") ?? "upload.jsonl", format: url.searchParams.get("format") ?? "auto" },
    body,
  );
  return Response.json({ import: imp }, { status: 202 });
});
