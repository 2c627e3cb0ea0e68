/**
 * Demo GenRM: trains the tiny model on the demo labels (in this process, not through the queue, so
 * `npm start` shows its progress), registers it, makes it active when nothing else is, and evaluates
 * it. A finished demo model is kept in the artifact store as models/demo-<recipe hash> and reused by later starts
 * (even against a fresh database) while the recipe is unchanged. Without PyTorch and without a cached
 * model, it prints how to install PyTorch and skips instead of failing the start.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "@core/db/client";
import { TEMPLATE_VERSION } from "@genrm/template";
import { generateJudgeItems } from "@genrm/demo-task";
import { activateModel } from "@core/models/activate-model";
import { createTrainingRun } from "@core/models/start-training-run";
import { runTraining } from "@core/models/run-training";
import { runEvaluation } from "@core/models/evaluation/run-evaluation";
import { trainerFlags, trainingParamsSchema, type TrainingParamsInput } from "@core/models/training-params";
import { demoModelKey } from "@core/models/paths";
import { artifactStore } from "@core/storage/open-artifact-store";
import { localArtifactFolder } from "@core/storage/local-artifact-folder";
import { putFolder } from "@core/storage/store-folders";
import { formatProgressLine } from "@core/models/progress-data";
import { locateTorchPython, PythonNotFoundError } from "@core/models/trainer-process";
import { DEMO_ANNOTATOR_PROFILES, DEMO_LABELS_COUNT, DEMO_LABELS_DATASET, DEMO_LABELS_SEED } from "./demo-genrm-labels";

/** The demo recipe (kept to ~1–2 minutes on 2 CPU cores). Changing it retrains on the next start. */
export const DEMO_RECIPE: Omit<TrainingParamsInput, "datasetIds"> = {
  kind: "tiny",
  name: "demo tiny judge",
  // 512 bytes, not 256: in a 256-byte window the template's fixed text leaves ~105 bytes for the
  // question and both answers, so a wrap of greetings pushed an answer out of view. The judge then paid
  // for hiding a wrong answer, a payment no counterfactual pair can teach away (after an accepted
  // recalibration the demo policy kept lengthening, 1.1 → 2.1 chars/step). At 512 the demo answers stay
  // whole; training took 71 s (the batches are bucketed by length) at the same held-out accuracy.
  contextLength: 512,
  // Narrow and quick: at d_model 64 and lr 3e-3 the judge reaches ~83 % on held-out demo prompts in
  // ~300 steps, where d_model 128 at 2e-3 was still near chance after 200. 16 epochs (720 steps), not
  // 12: floating-point results differ between CPUs, and on one of ours 12 epochs ended at 79.8 % held
  // out (83.8 % with 16) — the goal is 80 %, so the recipe needs margin, not luck.
  dModel: 64,
  nLayer: 2,
  nHead: 4,
  epochs: 16,
  lr: 3e-3,
  batchSize: 32,
  heldoutFraction: 0.2,
  splitSeed: 1,
  seed: 1337,
  valFraction: 0.1,
  // No early stopping: the loss sits on a plateau near ln 3 for the first ~100 steps before the judge
  // finds the answers; patience 3 stopped it there. The best validation weights are kept anyway.
  patience: 0,
};

/** `python -m genrm.trainer.train` arguments for the demo recipe, exactly as a training job passes them. */
export function demoTrainerArgs(files: { data: string; outDir: string }): string[] {
  return trainerFlags(trainingParamsSchema.parse({ ...DEMO_RECIPE, datasetIds: ["demo"] }), files, TEMPLATE_VERSION);
}

/**
 * Identifies a cached demo model: the recipe, the template and the generated data itself (so a change
 * to genrm/demo-task retrains instead of reusing a model trained on other items — which would also
 * leak today's held-out prompts into its training set).
 */
export function demoRecipeHash(): string {
  const data = generateJudgeItems({ seed: DEMO_LABELS_SEED, count: DEMO_LABELS_COUNT });
  const h = createHash("sha256").update(JSON.stringify({ DEMO_RECIPE, TEMPLATE_VERSION, DEMO_ANNOTATOR_PROFILES, v: 1 })).update(JSON.stringify(data));
  // ...and the trainer's code: an improved model retrains the demo on the next start.
  for (const f of readdirSync(TRAINER_DIR).filter((n) => n.endsWith(".py")).sort()) h.update(f).update(readFileSync(path.join(TRAINER_DIR, f)));
  return h.digest("hex").slice(0, 12);
}

const TRAINER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../genrm/trainer");

async function hasArtifacts(key: string): Promise<boolean> {
  const store = artifactStore();
  for (const f of ["model.onnx", "config.json", "metrics.json"]) if (!(await store.exists(`${key}/${f}`))) return false;
  return true;
}

/** Copies a registered version's artifacts to the demo key (staged, then moved: never half a model). */
async function cacheDemoModel(fromUri: string, key: string) {
  const store = artifactStore();
  const staging = `${key}.staging-${process.pid}`;
  await store.deletePrefix(staging);
  await putFolder(store, staging, await localArtifactFolder(fromUri), new Set(["checkpoint.pt"]));
  await store.movePrefix(staging, key);
}

export async function seedDemoGenrmModel(db: Db, log: (s: string) => void): Promise<string> {
  const dataset = await db.dataset.findFirst({ where: { name: DEMO_LABELS_DATASET }, select: { id: true } });
  if (!dataset) return "skipped: the demo labels dataset is missing";
  const cacheKey = demoModelKey(demoRecipeHash());
  const cacheUri = artifactStore().uri(cacheKey);
  const cached = await hasArtifacts(cacheKey);

  // Already registered in this database (a previous start): keep it.
  const existingRun = await db.trainingRun.findFirst({ where: { purpose: "demo", datasetIds: { has: dataset.id }, status: "succeeded" }, include: { model: true } });
  let model = existingRun?.model ?? null;
  let how = "reused";
  if (!model) {
    if (!cached) {
      try {
        await locateTorchPython();
      } catch (e) {
        if (e instanceof PythonNotFoundError) {
          log(`\n  NOTICE: the demo GenRM was not trained. ${e.message}\n  The platform runs without it; judging needs a trained version (then run \`npm run db:seed\`).\n`);
          return "skipped (PyTorch missing)";
        }
        throw e;
      }
    }
    const params = trainingParamsSchema.parse({ ...DEMO_RECIPE, datasetIds: [dataset.id] });
    const run =
      (await db.trainingRun.findFirst({ where: { purpose: "demo", datasetIds: { has: dataset.id }, status: { in: ["queued", "running"] } } })) ??
      (await createTrainingRun(params, { purpose: "demo" }));
    log(cached ? `  demo GenRM: registering the cached model ${cacheUri}` : "  demo GenRM: training the tiny judge on the demo labels (about 1–2 minutes on 2 cores)…");
    let lastPrint = 0;
    const result = await runTraining(run.id, {
      enqueueEvaluation: false,
      reuseOutputFrom: cached ? cacheUri : undefined,
      onProgress: (pd) => {
        if (Date.now() - lastPrint < 5000) return;
        lastPrint = Date.now();
        log(`  ${formatProgressLine(pd)}`);
      },
    });
    if (!cached && result.model.artifactUri) await cacheDemoModel(result.model.artifactUri, cacheKey);
    model = await db.genrmModel.findUniqueOrThrow({ where: { id: result.model.id } });
    how = cached ? "registered from cache" : `trained in ${Number((result.metrics.elapsed_s as number) ?? 0).toFixed(0)} s`;
  }

  if (!(await db.genrmModel.findFirst({ where: { status: "active" } })) && (model.status === "candidate" || model.status === "retired")) {
    await db.$transaction((tx) => activateModel(tx, { modelId: model!.id, action: "seed", reason: "demo GenRM made active by the seed" }));
    model = await db.genrmModel.findUniqueOrThrow({ where: { id: model.id } });
  }

  let evalNote = "";
  const done = await db.evaluation.findFirst({ where: { modelId: model.id, status: "succeeded" } });
  if (done) evalNote = `, held-out accuracy ${(100 * Number((done.metrics as { accuracy?: number })?.accuracy ?? 0)).toFixed(1)} %`;
  else {
    const evaluation = await db.evaluation.create({ data: { modelId: model.id } });
    try {
      const m = await runEvaluation(evaluation.id);
      evalNote = `, held-out accuracy ${(100 * m.accuracy).toFixed(1)} % on ${m.n} labels, padded answer judged better ${(100 * m.lengthProbe.longerBetterShare).toFixed(0)} %`;
    } catch (e) {
      log(`  NOTICE: the demo GenRM evaluation failed: ${(e as Error).message}`);
      evalNote = ", evaluation failed (see the model page)";
    }
  }
  return `v${model.version} ${model.status} (${how}${evalNote})`;
}
