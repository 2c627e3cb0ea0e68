/**
 * Where GenRM files live. A training run works in a folder on its worker (the scratch folder: DATA_DIR
 * with the local store) and keeps what a retry needs in the artifact store under runs/<runId>; a
 * registered version's artifacts are the store's key folder models/v<version>-<runId>. Paths are
 * absolute so the web, the workers and the CLI agree whatever their working directory.
 */
import path from "node:path";
import { scratchDir } from "../storage/scratch-dir";

/** <scratch>/runs/<runId>: train.jsonl, trainer/ (the trainer's out dir, checkpoints), on the machine running it. */
export const runDir = (runId: string) => path.join(scratchDir(), "runs", runId);
export const runTrainFile = (runId: string) => path.join(runDir(runId), "train.jsonl");
export const runTrainerDir = (runId: string) => path.join(runDir(runId), "trainer");

/** Store keys of a run's files that outlive its worker: the training data and the resumable checkpoint. */
export const runTrainKey = (runId: string) => `runs/${runId}/train.jsonl`;
export const runCheckpointKey = (runId: string) => `runs/${runId}/trainer/checkpoint.pt`;

/**
 * models/v<version>-<runId>: a registered version's artifacts (model.onnx + config.json, or a LoRA
 * adapter). The run id keeps two databases sharing one store (dev, e2e) from colliding on the same
 * version number.
 */
export const modelKey = (version: number, runId: string) => `models/v${version}-${runId}`;
export const modelStagingKey = (runId: string) => `models/.staging-${runId}`;

/** The demo model trained by the seed (reused across starts while its recipe is unchanged). */
export const demoModelKey = (recipeHash: string) => `models/demo-${recipeHash}`;
