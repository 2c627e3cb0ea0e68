/**
 * Every knob a researcher may set for a training run, validated once here (the web form, the JSON
 * route, the CLI and the worker all parse with this schema), and its translation into trainer flags
 * (genrm/trainer/config.py is the trainer's side of the contract).
 */
import { z } from "zod";

export const MODEL_KINDS = ["tiny", "lora"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

const kindSchema = z.enum(MODEL_KINDS, {
  error: (issue) => `unknown model kind ${JSON.stringify(issue.input)}: expected one of ${MODEL_KINDS.join(", ")}`,
});

const int = (name: string, min: number, max: number) =>
  z.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`);
const num = (name: string, min: number, max: number) =>
  z.number({ error: `${name} must be a number` }).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`);

export const trainingParamsSchema = z
  .object({
    kind: kindSchema.default("tiny"),
    datasetIds: z.array(z.string().min(1).max(64), { error: "datasetIds must be a list of dataset ids" }).min(1, "pick at least one dataset").max(20, "at most 20 datasets"),
    /** Train on these dataset snapshots (at most one per dataset); a dataset without one is snapshotted when the run is created. */
    snapshotIds: z.array(z.string().min(1).max(64), { error: "snapshotIds must be a list of snapshot ids" }).max(20, "at most 20 snapshots").optional(),
    name: z.string().trim().max(80, "name must be at most 80 characters").optional(),
    /** Share of prompts held out (never trained on) for the evaluation job. Split by prompt id. */
    heldoutFraction: num("heldoutFraction", 0.05, 0.5).default(0.2),
    /** Seed of the held-out split. Keep it fixed so versions are compared on the same held-out prompts. */
    splitSeed: int("splitSeed", 0, 2 ** 31 - 1).default(1),
    /** Training seed (init, shuffling): same seed + data = same weights. */
    seed: int("seed", 0, 2 ** 31 - 1).default(1337),
    epochs: int("epochs", 1, 100).default(5),
    lr: num("lr", 1e-6, 0.1).optional(),
    batchSize: int("batchSize", 1, 512).default(32),
    /** Trainer-side validation split (early stopping), by prompt, inside the training prompts. */
    valFraction: num("valFraction", 0, 0.5).default(0.1),
    patience: int("patience", 0, 50).default(3),
    maxExamples: int("maxExamples", 0, 10_000_000).default(0),
    contextLength: int("contextLength", 64, 4096).default(512),
    dModel: int("dModel", 16, 2048).default(128),
    nLayer: int("nLayer", 1, 48).default(2),
    nHead: int("nHead", 1, 64).default(4),
    /** lora: absolute path of a local Hugging Face causal-LM folder on the worker machine. */
    baseModel: z.string().max(500).optional(),
    loraR: int("loraR", 1, 512).default(16),
    /**
     * lora: the vLLM server(s) that will serve the adapter (root URLs, without /v1), started with
     * `--enable-lora` and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True. After training the adapter is loaded
     * there under "genrm-v<version>" from the version's folder (a path the server must be able to read).
     */
    serveBaseUrls: z
      .array(z.string().trim().url("serveBaseUrls: each must be an http(s) URL").refine((u) => /^https?:\/\//i.test(u), "serveBaseUrls: each must be an http(s) URL"), {
        error: "serveBaseUrls must be a list of URLs",
      })
      .min(1, "serveBaseUrls: at least one")
      .max(16, "serveBaseUrls: at most 16")
      .optional(),
    /** lora: the base model's name on that server (what its GET /v1/models lists). */
    serveModel: z.string().trim().min(1).max(500).optional(),
    /** trust: weight labels by annotator trust from gold answers (gold-checked labels count double). */
    weighting: z.enum(["trust", "none"], { error: "weighting must be trust or none" }).default("trust"),
    /** The version this one is meant to replace (lineage). Default: the active version at start. */
    parentModelId: z.string().min(1).max(64).optional(),
    /** Start from the parent version's weights (tiny) or adapter (lora): a fine-tune, e.g. a recalibration. */
    warmStart: z.boolean({ error: "warmStart must be true or false" }).default(false),
    /** Trainer: evaluate every N steps (0 = each epoch). */
    evalEvery: int("evalEvery", 0, 1_000_000).default(0),
    /** Trainer threads (0 = all cores). */
    threads: int("threads", 0, 256).default(0),
  })
  .superRefine((p, ctx) => {
    if (p.dModel % p.nHead !== 0) ctx.addIssue({ code: "custom", path: ["nHead"], message: `dModel ${p.dModel} must be divisible by nHead ${p.nHead}` });
    if (p.kind === "lora" && !p.baseModel) ctx.addIssue({ code: "custom", path: ["baseModel"], message: "lora needs baseModel: the path of a local Hugging Face model folder" });
    if (p.kind === "lora" && !p.serveBaseUrls) {
      ctx.addIssue({ code: "custom", path: ["serveBaseUrls"], message: "lora needs serveBaseUrls: the vLLM server(s) that will serve the adapter (run with --enable-lora)" });
    }
    if (p.kind === "lora" && !p.serveModel) ctx.addIssue({ code: "custom", path: ["serveModel"], message: "lora needs serveModel: the base model's name on the vLLM server" });
    if (p.kind !== "lora" && (p.serveBaseUrls || p.serveModel)) {
      ctx.addIssue({ code: "custom", path: ["serveBaseUrls"], message: "serveBaseUrls/serveModel are for the lora kind (a tiny version is served here)" });
    }
    if (p.serveBaseUrls && new Set(p.serveBaseUrls).size !== p.serveBaseUrls.length) ctx.addIssue({ code: "custom", path: ["serveBaseUrls"], message: "a serve URL is listed twice" });
    if (new Set(p.datasetIds).size !== p.datasetIds.length) ctx.addIssue({ code: "custom", path: ["datasetIds"], message: "a dataset is listed twice" });
  });

export type TrainingParams = z.output<typeof trainingParamsSchema>;
export type TrainingParamsInput = z.input<typeof trainingParamsSchema>;

/** Prompts are rendered to fit the byte-level model's context (one slot is BOS). */
export const maxPromptBytes = (p: Pick<TrainingParams, "kind" | "contextLength">) => (p.kind === "tiny" ? p.contextLength - 1 : undefined);

/** Command-line flags for `python -m genrm.trainer.train` (see genrm/trainer/config.py). */
export function trainerFlags(p: TrainingParams, files: { data: string; outDir: string; initFrom?: string }, templateVersion: string): string[] {
  const flags: Record<string, string | number> = {
    kind: p.kind,
    data: files.data,
    "out-dir": files.outDir,
    seed: p.seed,
    "template-version": templateVersion,
    epochs: p.epochs,
    "batch-size": p.batchSize,
    lr: p.lr ?? (p.kind === "lora" ? 2e-4 : 2e-3),
    "val-fraction": p.valFraction,
    patience: p.patience,
    "max-examples": p.maxExamples,
    "eval-every": p.evalEvery,
    threads: p.threads,
  };
  if (p.kind === "tiny") Object.assign(flags, { "context-length": p.contextLength, "d-model": p.dModel, "n-layer": p.nLayer, "n-head": p.nHead });
  else Object.assign(flags, { "base-model": p.baseModel!, "lora-r": p.loraR, "lora-alpha": 2 * p.loraR, "max-length": p.contextLength });
  if (files.initFrom) flags["init-from"] = files.initFrom;
  // --resume: a retried job continues from the trainer's checkpoint instead of starting over.
  return [...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]), "--resume"];
}
