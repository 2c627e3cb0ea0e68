/**
 * Where GenRM files live under DATA_DIR: a training run's work folder (exported JSONL, trainer output,
 * checkpoints) and a registered version's artifact folder. Paths are absolute so the web, the workers
 * and the CLI agree whatever their working directory.
 */
import path from "node:path";
import { env } from "../env";

export const dataDir = () => path.resolve(env().DATA_DIR);

/** DATA_DIR/runs/<runId>: train.jsonl, trainer/ (the trainer's out dir, checkpoints), trainer.log */
export const runDir = (runId: string) => path.join(dataDir(), "runs", runId);
export const runTrainFile = (runId: string) => path.join(runDir(runId), "train.jsonl");
export const runTrainerDir = (runId: string) => path.join(runDir(runId), "trainer");

/**
 * DATA_DIR/models/v<version>-<runId>: a registered version's artifacts (model.onnx + config.json, or
 * a LoRA adapter). The run id keeps two databases sharing one DATA_DIR (dev, e2e) from colliding on
 * the same version number.
 */
export const modelDir = (version: number, runId: string) => path.join(dataDir(), "models", `v${version}-${runId}`);
export const modelStagingDir = (runId: string) => path.join(dataDir(), "models", `.staging-${runId}`);

/** The demo model trained by the seed (reused across starts while its recipe is unchanged). */
export const demoModelDir = (recipeHash: string) => path.join(dataDir(), "models", `demo-${recipeHash}`);
