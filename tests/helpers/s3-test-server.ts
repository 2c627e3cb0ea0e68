/**
 * An S3-compatible server in this process (s3rver) on a random port over a temporary folder, with one
 * bucket, and the environment a process needs to use it as its artifact store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** ARTIFACT_STORE, S3_ENDPOINT, S3_FORCE_PATH_STYLE and s3rver's fixed credentials, for a store under `prefix`. */
  env(prefix: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startS3TestServer(bucket = "genrm-test"): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "genrm-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: (prefix) => ({
      ARTIFACT_STORE: `s3://${bucket}/${prefix}`,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "1",
      AWS_REGION: "us-east-1",
      // s3rver checks signatures against these fixed credentials.
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    }),
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
