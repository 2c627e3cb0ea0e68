/**
 * A stored folder as a folder on this machine, for code that needs real files (ONNX runtime, the
 * trainer's warm start). The local store's folders are used in place; an object-store folder is
 * downloaded once into SCRATCH_DIR/cache and reused: a recorded artifact URI names immutable content.
 */
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { env } from "../env";
import { artifactStore } from "./open-artifact-store";
import { scratchDir } from "./scratch-dir";
import { getFolder } from "./store-folders";

const COMPLETE = ".complete";
const inFlight = new Map<string, Promise<string>>();

/** The local folder holding the artifacts a URI names (GenrmModel.artifactUri): a path, or s3://… */
export async function localArtifactFolder(uri: string): Promise<string> {
  if (!uri.startsWith("s3://")) return path.resolve(env().DATA_DIR, uri);
  const store = artifactStore();
  const key = store.keyOf(uri);
  if (key === null) throw new Error(`Artifact ${uri} is outside this process's artifact store (${store.location}); set ARTIFACT_STORE to the store that holds it`);
  const dir = path.join(scratchDir(), "cache", createHash("sha256").update(uri).digest("hex").slice(0, 24));
  if (existsSync(path.join(dir, COMPLETE))) return dir;
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = download(key, uri, dir).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  return pending;
}

async function download(key: string, uri: string, dir: string): Promise<string> {
  const tmp = `${dir}.tmp-${randomUUID()}`;
  try {
    const files = await getFolder(artifactStore(), key, tmp);
    if (files === 0) throw new Error(`No artifacts under ${uri}`);
    await writeFile(path.join(tmp, COMPLETE), uri);
    if (existsSync(path.join(dir, COMPLETE))) {
      // Another process finished the same download meanwhile (and may be reading it): keep its copy.
      await rm(tmp, { recursive: true, force: true });
      return dir;
    }
    await rm(dir, { recursive: true, force: true }); // an interrupted download's leftovers
    await rename(tmp, dir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    // Another process finished the same download first: its copy is as good as ours.
    if (existsSync(path.join(dir, COMPLETE))) return dir;
    throw error;
  }
  return dir;
}
