/**
 * A trained version's artifacts in the artifact store: staged under the run's staging key while the
 * version number is unknown, then moved to models/v<version>-<runId> inside the registering transaction
 * (so a version row never points at missing or partial files).
 */
import { artifactStore } from "../storage/open-artifact-store";
import { putFolder } from "../storage/store-folders";
import { modelKey, modelStagingKey } from "./paths";

// The trainer's out dir holds resumable state that a registered version does not need.
const NOT_ARTIFACTS = new Set(["checkpoint.pt", "checkpoint.pt.tmp"]);

export async function stageArtifacts(trainerDir: string, runId: string): Promise<{ staging: string }> {
  const store = artifactStore();
  const staging = modelStagingKey(runId);
  await store.deletePrefix(staging);
  await putFolder(store, staging, trainerDir, NOT_ARTIFACTS);
  return { staging };
}

/** Moves staged artifacts to the version's key folder; returns the URI the version records. */
export async function publishStagedArtifacts(staging: string, version: number, runId: string): Promise<string> {
  const store = artifactStore();
  const key = modelKey(version, runId);
  await store.movePrefix(staging, key);
  return store.uri(key);
}
