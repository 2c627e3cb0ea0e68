/**
 * A training run's files that must outlive the worker running it: the exported training data (a retry
 * trains on exactly the same rows) and the trainer's checkpoint (a retry on any worker resumes it).
 * The run works in its local folder (paths.ts); these copy the two files to and from the artifact store.
 * With the local store and the default scratch folder the two are the same file and nothing is copied.
 */
import { existsSync } from "node:fs";
import { artifactStore } from "../storage/open-artifact-store";
import { runCheckpointKey, runTrainFile, runTrainKey, runTrainerDir } from "./paths";
import path from "node:path";

const checkpointFile = (runId: string) => path.join(runTrainerDir(runId), "checkpoint.pt");

/** Fetches the run's stored training data and checkpoint when this machine does not have them. */
export async function restoreRunFiles(runId: string): Promise<void> {
  const store = artifactStore();
  for (const [key, file] of [[runTrainKey(runId), runTrainFile(runId)], [runCheckpointKey(runId), checkpointFile(runId)]] as const) {
    if (!existsSync(file) && (await store.exists(key))) await store.getFile(key, file);
  }
}

export async function saveRunTrainFile(runId: string): Promise<void> {
  await artifactStore().putFile(runTrainKey(runId), runTrainFile(runId));
}

/** Uploads checkpoints as the trainer writes them, one at a time, the newest last; failures only cost a resume point. */
export function checkpointUploader(runId: string, onError: (message: string) => void) {
  let chain: Promise<void> = Promise.resolve();
  return {
    save() {
      chain = chain.then(async () => {
        if (existsSync(checkpointFile(runId))) await artifactStore().putFile(runCheckpointKey(runId), checkpointFile(runId));
      }).catch((e: Error) => onError(`checkpoint upload failed (${e.message}); a retry resumes from an earlier one`));
    },
    settled: () => chain,
  };
}

/** A registered version no longer needs its resumable state. */
export async function dropRunCheckpoint(runId: string): Promise<void> {
  await artifactStore().delete(runCheckpointKey(runId));
}
