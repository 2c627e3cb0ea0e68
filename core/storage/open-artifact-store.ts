/**
 * The process's ArtifactStore, chosen by ARTIFACT_STORE: unset → the local DATA_DIR (one machine);
 * s3://bucket/prefix → S3-compatible storage (S3_ENDPOINT, S3_FORCE_PATH_STYLE, AWS_REGION and the
 * AWS SDK's credential chain).
 */
import { env, type Env } from "../env";
import type { ArtifactStore } from "./artifact-store";
import { LocalArtifactStore } from "./local-artifact-store";
import { S3ArtifactStore } from "./s3-artifact-store";

let cached: { store: ArtifactStore; signature: string } | undefined;

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m) throw new Error(`ARTIFACT_STORE "${url}" is not s3://bucket/prefix`);
  return { bucket: m[1]!, prefix: m[2]!.replace(/\/+$/, "") };
}

export function openArtifactStore(e: Env = env()): ArtifactStore {
  if (!e.ARTIFACT_STORE) return new LocalArtifactStore(e.DATA_DIR);
  return new S3ArtifactStore({
    ...parseS3Url(e.ARTIFACT_STORE),
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === "1" || e.S3_FORCE_PATH_STYLE === "true",
    region: e.AWS_REGION,
  });
}

/** One store per process, rebuilt when tests change the environment. */
export function artifactStore(): ArtifactStore {
  const e = env();
  const signature = JSON.stringify([e.ARTIFACT_STORE, e.DATA_DIR, e.S3_ENDPOINT, e.S3_FORCE_PATH_STYLE, e.AWS_REGION]);
  if (cached?.signature !== signature) cached = { store: openArtifactStore(e), signature };
  return cached.store;
}
