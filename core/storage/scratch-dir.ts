/**
 * This machine's own working folder: job inputs downloaded from the artifact store, trainer output
 * before upload, and cached model downloads. Nothing here is shared; losing it loses only time.
 * With the local store it is DATA_DIR itself, so a single machine keeps one folder and copies nothing.
 */
import os from "node:os";
import path from "node:path";
import { env } from "../env";

export function scratchDir(): string {
  const e = env();
  if (e.SCRATCH_DIR) return path.resolve(e.SCRATCH_DIR);
  return e.ARTIFACT_STORE ? path.join(os.tmpdir(), "genrm-scratch") : path.resolve(e.DATA_DIR);
}
