/**
 * Accepts an uploaded JSONL/JSON file for a dataset: streams it to a local file (size-capped), checks it
 * looks like JSON at all, records a DatasetImport and enqueues the `dataset.import` job that parses and
 * stores it with progress. The whole file is then kept in the artifact store (import-files.ts), where
 * any worker finds it. Bad input (empty, too large, not JSON, unknown dataset) is refused with nothing
 * written: the file is only kept, and the row only created, once the upload is whole.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable, Transform } from "node:stream";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { FORMAT_NAMES } from "../formats/types";
import { enqueueJob } from "../queue/queues";
import { findDatasetOr404, requireDataManager } from "./access";
import { deleteImportFile, importsDir, MAX_IMPORT_BYTES, storeImportFile } from "./import-files";

export const startImportInput = z.object({
  fileName: z
    .string({ error: "fileName is required" })
    .trim()
    .min(1, "fileName is required")
    .max(200, "fileName is at most 200 characters")
    .transform((s) => path.basename(s).replace(/[^\w.\- ]+/g, "_")),
  format: z.enum(["auto", ...FORMAT_NAMES] as [string, ...string[]], { error: `format must be auto, ${FORMAT_NAMES.join(", ")}` }).default("auto"),
});
export type StartImportInput = z.input<typeof startImportInput>;

/** Counts bytes, refuses past the cap, and remembers the first non-blank character (JSON sniff). */
function guard(maxBytes: number) {
  const state = { bytes: 0, first: "" };
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      state.bytes += chunk.length;
      if (state.bytes > maxBytes) return cb(new AppError("TooLarge", `The file exceeds ${Math.round(maxBytes / 1024 / 1024)} MiB; split it into several imports`));
      if (!state.first) {
        const m = /[^\s\uFEFF]/.exec(chunk.toString("utf8", 0, Math.min(chunk.length, 4096)));
        if (m) state.first = m[0];
      }
      cb(null, chunk);
    },
  });
  return { t, state };
}

export async function startImport(
  actor: Actor,
  datasetId: string,
  input: StartImportInput,
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null,
  opts: { maxBytes?: number } = {},
) {
  requireDataManager(actor);
  const params = startImportInput.parse(input);
  await findDatasetOr404(datasetId, actor);
  if (!body) throw new AppError("Invalid", "Send the file as the request body");

  await mkdir(importsDir(), { recursive: true });
  const tmp = path.join(importsDir(), `.incoming-${randomUUID()}`);
  const { t, state } = guard(opts.maxBytes ?? MAX_IMPORT_BYTES);
  try {
    await pipeline(Readable.from(body), t, createWriteStream(tmp));
    if (state.bytes === 0 || !state.first) throw new AppError("Invalid", "The file is empty");
    if (state.first !== "{" && state.first !== "[") {
      throw new AppError("Unprocessable", `This is not JSONL or JSON: it starts with '${state.first}'. Expected one JSON object per line, or a JSON array`);
    }
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }

  const imp = await db().datasetImport.create({ data: { datasetId, fileName: params.fileName, format: params.format } });
  try {
    await storeImportFile(imp.id, tmp);
    const { jobId } = await enqueueJob("dataset.import", { importId: imp.id });
    return { ...imp, bytes: state.bytes, jobId };
  } catch (error) {
    // Nothing half-done: without a queued job the row would sit "queued" forever.
    await db().datasetImport.delete({ where: { id: imp.id } }).catch(() => undefined);
    await deleteImportFile(imp.id).catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
}
