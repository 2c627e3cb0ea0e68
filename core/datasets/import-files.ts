/** Where uploaded import files live: DATA_DIR/imports/<importId>.upload (kept for re-runs and audits). */
import path from "node:path";
import { env } from "../env";

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export function importsDir(): string {
  return path.resolve(env().DATA_DIR, "imports");
}

export function importFilePath(importId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(importId)) throw new Error(`bad import id ${importId}`);
  return path.join(importsDir(), `${importId}.upload`);
}
