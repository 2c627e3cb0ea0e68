/**
 * The one place files that outlive a process are kept: uploaded imports, training runs' outputs and
 * registered model artifacts. Web processes, workers and judge services may run on different machines,
 * so none of them reads another's disk: they write and read through an ArtifactStore (a local
 * directory on one machine, or S3-compatible object storage shared by many).
 *
 * Keys are relative, slash-separated paths ("models/v3-<run>/model.onnx"); a "prefix" is a key folder
 * ("models/v3-<run>"). Each store turns a key folder into the URI a database row records
 * (GenrmModel.artifactUri), and back.
 */

export interface ArtifactStore {
  /** Where the store is, for logs and errors (never credentials). */
  readonly location: string;
  /** The URI recorded for a key or key folder (an absolute path for the local store, s3://… for S3). */
  uri(key: string): string;
  /** The key a recorded URI names, or null when the URI is not in this store. */
  keyOf(uri: string): string | null;
  /** The file or folder itself when the store is a local directory (read in place, no copy); else null. */
  localPath(key: string): string | null;

  put(key: string, body: Buffer | string): Promise<void>;
  /** Stores a local file under key (replacing what was there). */
  putFile(key: string, file: string): Promise<void>;
  /** The object's bytes; ArtifactNotFoundError when there is none. */
  get(key: string): Promise<Buffer>;
  /** Writes the object to a local file (whole or not at all); ArtifactNotFoundError when there is none. */
  getFile(key: string, file: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every key under a key folder, sorted (recursive; "" lists the whole store). */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  /** Deletes every key under a key folder. */
  deletePrefix(prefix: string): Promise<void>;
  /** Moves a key folder to another name, replacing what was there. */
  movePrefix(from: string, to: string): Promise<void>;
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly key: string, location: string) {
    super(`No artifact "${key}" in ${location}`);
    this.name = "ArtifactNotFoundError";
  }
}

// A leading "." is allowed (staging folders) but "." and ".." are not.
const SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9._-]*$/;

/** Refuses keys that could escape the store or differ between stores (absolute, "..", odd characters). */
export function checkKey(key: string, { folder = false } = {}): string {
  if (folder && key === "") return key;
  const segments = key.split("/");
  const bad = segments.find((s) => !SEGMENT.test(s) || s === "." || s === "..");
  if (bad !== undefined || key.length > 900) {
    throw new Error(`Bad artifact key "${key}": use relative paths of letters, digits, "_", "-" and "." (no "..", leading "/" or spaces)`);
  }
  return key;
}

/** Joins key segments ("models", "v3-x", "model.onnx" → "models/v3-x/model.onnx"). */
export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("/");
}
