/** A fresh DATA_DIR (artifacts, exports, trainer folders) for one test file, read through env() from here on. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "@core/env";

export function freshDataDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.DATA_DIR = dir;
  resetEnvCache();
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
