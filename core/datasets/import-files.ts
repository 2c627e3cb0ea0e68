/**
 * Uploaded import files: received by a web process into its scratch folder, kept in the artifact store
 * as imports/<importId>.upload (for re-runs and audits), and fetched by whichever worker runs the import.
 */
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { artifactStore } from "../storage/open-artifact-store";
import { scratchDir } from "../storage/scratch-dir";

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

function checkImportId(importId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(importId)) throw new Error(`bad import id ${importId}`);
  return importId;
}

export const importKey = (importId: string) => `imports/${checkImportId(importId)}.upload`;

/** This machine's folder for uploads being received and imports being read. */
export function importsDir(): string {
  return path.join(scratchDir(), "imports");
}

/** Stores a received upload (a file in importsDir) and removes the local file. */
export async function storeImportFile(importId: string, received: string): Promise<void> {
  const store = artifactStore();
  const inPlace = store.localPath(importKey(importId));
  if (inPlace && path.dirname(inPlace) === path.dirname(received)) return rename(received, inPlace); // the usual single machine: no copy
  await store.putFile(importKey(importId), received);
  await rm(received, { force: true });
}

export async function deleteImportFile(importId: string): Promise<void> {
  await artifactStore().delete(importKey(importId));
}

/** The upload as a local file for reading, and how to release it (a downloaded copy is deleted). */
export async function fetchImportFile(importId: string): Promise<{ file: string; release(): Promise<void> }> {
  const store = artifactStore();
  const inPlace = store.localPath(importKey(importId));
  if (inPlace) return { file: inPlace, release: async () => undefined };
  const file = path.join(importsDir(), `${checkImportId(importId)}.reading-${process.pid}`);
  await store.getFile(importKey(importId), file);
  return { file, release: () => rm(file, { force: true }) };
}
