import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "../env";
import { checkKey } from "./artifact-store";
import { LocalArtifactStore } from "./local-artifact-store";
import { openArtifactStore, parseS3Url } from "./open-artifact-store";
import { S3ArtifactStore } from "./s3-artifact-store";
import { scratchDir } from "./scratch-dir";

const VARS = ["ARTIFACT_STORE", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "DATA_DIR", "SCRATCH_DIR", "AWS_SECRET_ACCESS_KEY"] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

function setEnv(vars: Partial<Record<(typeof VARS)[number], string>>) {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, vars);
  resetEnvCache();
}

afterEach(() => {
  for (const k of VARS) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
  resetEnvCache();
});

describe("choosing the artifact store", () => {
  it("is the local DATA_DIR when ARTIFACT_STORE is unset, with DATA_DIR as the scratch folder", () => {
    setEnv({ DATA_DIR: "/srv/genrm-data" });
    const store = openArtifactStore();
    expect(store).toBeInstanceOf(LocalArtifactStore);
    expect(store.uri("models/v1-x")).toBe(path.join("/srv/genrm-data", "models", "v1-x"));
    expect(scratchDir()).toBe("/srv/genrm-data");
  });

  it("is S3 for s3://bucket/prefix; the location and URIs never carry credentials", () => {
    setEnv({ ARTIFACT_STORE: "s3://genrm-artifacts/prod/a", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "1", AWS_SECRET_ACCESS_KEY: "very-secret-value" });
    const store = openArtifactStore();
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect(store.location).toBe("s3://genrm-artifacts/prod/a");
    expect(store.uri("models/v1-x")).toBe("s3://genrm-artifacts/prod/a/models/v1-x");
    expect(store.keyOf("s3://genrm-artifacts/prod/a/models/v1-x")).toBe("models/v1-x");
    expect(store.keyOf("s3://genrm-artifacts/other/models/v1-x")).toBeNull();
    expect(store.localPath("models/v1-x")).toBeNull();
    expect(scratchDir()).not.toBe(path.resolve("var"));
    expect(parseS3Url("s3://b-1/")).toEqual({ bucket: "b-1", prefix: "" });
  });

  it("refuses a malformed ARTIFACT_STORE or S3 setting, naming the variable", () => {
    setEnv({ ARTIFACT_STORE: "/mnt/shared" });
    expect(() => env()).toThrow(/ARTIFACT_STORE: must be s3:\/\/bucket\/prefix/);
    setEnv({ ARTIFACT_STORE: "s3://genrm/x", S3_ENDPOINT: "minio:9000" });
    expect(() => env()).toThrow(/S3_ENDPOINT: must be an http\(s\) URL/);
    setEnv({ S3_FORCE_PATH_STYLE: "yes" });
    expect(() => env()).toThrow(/S3_FORCE_PATH_STYLE: must be 1 or 0/);
  });

  it("refuses keys that could escape the store", () => {
    for (const bad of ["../x", "/abs", "a//b", "a/../b", "a b", ""]) expect(() => checkKey(bad)).toThrow(/Bad artifact key/);
    expect(checkKey("models/.staging-run1/model.onnx")).toBe("models/.staging-run1/model.onnx");
  });
});
