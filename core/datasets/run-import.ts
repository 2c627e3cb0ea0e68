/**
 * The body of the `dataset.import` job: streams the stored upload through the format parsers, stores
 * records in batches (store-records.ts, idempotent) and keeps the DatasetImport row's progress, counts
 * and line-numbered errors current so the dataset page can show them while it runs.
 * A retried or repeated run re-reads the file and adds nothing twice. The file comes from the artifact
 * store (import-files.ts), so any worker can run any import.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { db } from "../db/client";
import { parseImport, type FormatName, type ImportRecord, type ParseError } from "../formats";
import { fetchImportFile } from "./import-files";
import { emptyTotals, storeRecords, type StoreTotals } from "./store-records";

/** Errors kept on the row (the total is always reported). */
export const MAX_STORED_ERRORS = 1000;
const BATCH = 500;

export interface ImportProgress {
  progress(fraction: number, detail: Record<string, unknown>): Promise<void>;
  signal?: AbortSignal;
}

function summary(t: StoreTotals, errorCount: number): string {
  const parts = [
    `${t.promptsSeen} prompts (${t.promptsAdded} new)`,
    `${t.answersAdded + t.answersExisting} answers (${t.answersAdded} new, ${t.answersExisting} already present)`,
  ];
  if (t.preferencesAdded) parts.push(`${t.preferencesAdded} recorded preferences`);
  if (t.referencesAdded) parts.push(`${t.referencesAdded} references`);
  parts.push(errorCount === 0 ? "no bad lines" : `${errorCount} bad line${errorCount === 1 ? "" : "s"}`);
  return parts.join(", ");
}

export async function runImport(importId: string, report: ImportProgress) {
  const client = db();
  const imp = await client.datasetImport.findUnique({ where: { id: importId } });
  if (!imp) return { skipped: "import no longer exists" };
  if (imp.status === "succeeded") return { skipped: "already imported", message: imp.message };

  const local = await fetchImportFile(imp.id);
  try {
    return await importFrom(local.file, imp, report);
  } finally {
    await local.release();
  }
}

async function importFrom(file: string, imp: { id: string; datasetId: string; format: string; fileName: string }, report: ImportProgress) {
  const client = db();
  const size = (await stat(file)).size;
  await client.datasetImport.update({ where: { id: imp.id }, data: { status: "running", progress: 0, errors: [], message: null } });

  let read = 0;
  async function* counted() {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }

  const totals = emptyTotals();
  const errors: ParseError[] = [];
  let errorCount = 0;
  let records = 0;
  let format: string = imp.format;
  let batch: ImportRecord[] = [];
  const flush = async () => {
    const t = await storeRecords(imp.datasetId, batch);
    for (const k of Object.keys(totals) as Array<keyof StoreTotals>) totals[k] += t[k];
    batch = [];
    const fraction = size > 0 ? Math.min(0.99, read / size) : 0.99;
    await client.datasetImport.update({
      where: { id: imp.id },
      data: { progress: fraction, added: totals.answersAdded, skipped: totals.answersExisting, format, message: `running: ${summary(totals, errorCount)}` },
    });
    await report.progress(fraction, { records, errors: errorCount });
  };

  for await (const ev of parseImport(counted(), { format: imp.format as FormatName | "auto", source: imp.fileName })) {
    if (report.signal?.aborted) throw new Error("import interrupted (worker shutting down); it will resume from the start, adding nothing twice");
    if (ev.ok) {
      records++;
      if (format === "auto") format = ev.record.format;
      batch.push(ev.record);
      if (batch.length >= BATCH) await flush();
    } else {
      errorCount++;
      if (errors.length < MAX_STORED_ERRORS) errors.push({ line: ev.error.line, reason: ev.error.reason });
    }
  }
  if (batch.length > 0 || records === 0) await flush();

  // A file with no usable record is a failed import (nothing to retry: the file itself is bad).
  const status = records === 0 ? "failed" : "succeeded";
  const message = records === 0 ? `No valid records: ${summary(totals, errorCount)}` : summary(totals, errorCount);
  await client.datasetImport.update({
    where: { id: imp.id },
    data: { status, progress: 1, added: totals.answersAdded, skipped: totals.answersExisting, errors: errors as object[], format, message },
  });
  return { status, records, errorCount, ...totals };
}

/** Marks an import failed after an unexpected error (the job then throws so BullMQ retries it). */
export async function markImportFailed(importId: string, error: unknown) {
  await db()
    .datasetImport.update({ where: { id: importId }, data: { status: "failed", message: `Import failed: ${(error as Error)?.message ?? String(error)}` } })
    .catch(() => undefined);
}
