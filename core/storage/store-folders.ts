/** Whole folders in and out of an ArtifactStore (a model's artifacts, a run's outputs). */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { joinKey, type ArtifactStore } from "./artifact-store";

/** Stores every file under `dir` below the key folder `prefix` (names in `skip` left out at any depth). */
export async function putFolder(store: ArtifactStore, prefix: string, dir: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const stored: string[] = [];
  const walk = async (from: string, rel: string) => {
    for (const e of await readdir(from, { withFileTypes: true })) {
      if (skip.has(e.name)) continue;
      const key = joinKey(prefix, rel, e.name);
      if (e.isDirectory()) await walk(path.join(from, e.name), joinKey(rel, e.name));
      else if (e.isFile()) {
        await store.putFile(key, path.join(from, e.name));
        stored.push(key);
      }
    }
  };
  await walk(dir, "");
  return stored;
}

/** Writes every file below the key folder `prefix` into `dir` (same relative layout); returns how many. */
export async function getFolder(store: ArtifactStore, prefix: string, dir: string): Promise<number> {
  const keys = await store.list(prefix);
  for (const key of keys) await store.getFile(key, path.join(dir, ...key.slice(prefix.length + 1).split("/")));
  return keys.length;
}
