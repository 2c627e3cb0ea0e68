/**
 * The `embedded` JudgeBackend: a tiny GenRM exported by genrm/trainer (model.onnx + config.json) run
 * in-process on CPU with onnxruntime-node. Prompts are rendered with the shared template at the
 * model's byte budget, byte-tokenised exactly as in training, scored in length-sorted batches, and the
 * three verdict logits softmaxed. One session per backend; calls are serialised so concurrent judge()
 * calls share the configured threads instead of oversubscribing the CPU.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { renderJudgePrompt, TEMPLATE_VERSION } from "../../template";
import { BackendError, type JudgeBackend, type JudgeItem, type JudgeOptions, type VerdictProbs } from "../../types";
import { readModelConfig, type TinyModelConfig } from "./model-config";
import { encodePrompt, lengthSortedBatches, padBatch, softmax3 } from "./tokenize";

export interface EmbeddedBackendOptions {
  /** onnxruntime intra-op threads. Default 2. */
  intraOpThreads?: number;
  /** Items per ONNX run. Default 32. */
  batchSize?: number;
  /** Cap on padded tokens per run (rows x longest row). Default 32 x 512. */
  maxBatchTokens?: number;
  /** Identifies the weights in cache keys. Default "embedded:" + the first 12 hex of model.onnx's sha256. */
  modelId?: string;
  /**
   * Refuse a model trained on another template version (default true): its prompts would be rendered
   * with today's template, which it never saw.
   */
  strictTemplate?: boolean;
}

export class EmbeddedBackend implements JudgeBackend {
  readonly kind = "embedded";
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly config: TinyModelConfig,
    readonly modelId: string,
    readonly templateVersion: string,
    private readonly batchSize: number,
    private readonly maxBatchTokens: number,
  ) {}

  /** Loads `<dir>/config.json` and the ONNX file it names (normally `<dir>/model.onnx`). */
  static async load(dir: string, options: EmbeddedBackendOptions = {}): Promise<EmbeddedBackend> {
    const config = await readModelConfig(dir);
    const { intraOpThreads = 2, batchSize = 32, strictTemplate = true } = options;
    if (strictTemplate && config.template_version !== TEMPLATE_VERSION) {
      throw new BackendError(
        "invalid_input",
        `${dir}: model trained on template ${config.template_version}, this code renders ${TEMPLATE_VERSION}; retrain or pass strictTemplate: false`,
      );
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
    const file = path.join(dir, config.onnx.file);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new BackendError("invalid_input", `cannot read ${file}: ${(e as Error).message}`, { cause: e });
    }
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ["cpu"],
      intraOpNumThreads: intraOpThreads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
    });
    for (const name of ["input_ids", "lengths"]) {
      if (!session.inputNames.includes(name)) throw new BackendError("invalid_input", `${file}: no ONNX input ${name}`);
    }
    if (!session.outputNames.includes("verdict_logits")) throw new BackendError("invalid_input", `${file}: no ONNX output verdict_logits`);
    const modelId = options.modelId ?? `embedded:${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}`;
    const maxTokens = options.maxBatchTokens ?? 32 * config.context_length;
    return new EmbeddedBackend(session, config, modelId, config.template_version, batchSize, maxTokens);
  }

  /** The rendered prompt for an item, exactly as the model sees it (minus BOS). */
  render(item: JudgeItem): string {
    return renderJudgePrompt(item, { maxBytes: this.config.max_prompt_bytes });
  }

  /** Token ids for an item: BOS + UTF-8 bytes of the rendered prompt. */
  encode(item: JudgeItem): number[] {
    return encodePrompt(this.render(item), {
      bos: this.config.special_tokens.bos,
      contextLength: this.config.context_length,
      stripPrefix: this.config.strip_prefix,
    });
  }

  async judge(items: JudgeItem[], options: JudgeOptions = {}): Promise<VerdictProbs[]> {
    if (this.closed) throw new BackendError("unreachable", "embedded backend is closed");
    if (!Array.isArray(items)) throw new BackendError("invalid_input", "items must be an array");
    items.forEach((it, i) => {
      if (!it || typeof it.prompt !== "string" || typeof it.reference !== "string" || typeof it.candidate !== "string") {
        throw new BackendError("invalid_input", `item ${i}: prompt, reference and candidate must be strings`);
      }
    });
    if (items.length === 0) return [];
    const seqs = items.map((it) => this.encode(it));
    const run = this.queue.then(() => this.score(seqs, options.signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async score(seqs: number[][], signal?: AbortSignal): Promise<VerdictProbs[]> {
    const out = new Array<VerdictProbs>(seqs.length);
    const batches = lengthSortedBatches(
      seqs.map((s) => s.length),
      this.batchSize,
      this.maxBatchTokens,
    );
    for (const idx of batches) {
      if (signal?.aborted) throw signal.reason ?? new BackendError("timeout", "judge aborted");
      const { ids, lengths, width } = padBatch(
        idx.map((i) => seqs[i]!),
        this.config.special_tokens.pad,
      );
      let logits: Float32Array;
      try {
        const res = await this.session.run({
          input_ids: new ort.Tensor("int64", ids, [idx.length, width]),
          lengths: new ort.Tensor("int64", lengths, [idx.length]),
        });
        logits = res.verdict_logits!.data as Float32Array;
      } catch (e) {
        throw new BackendError("bad_response", `onnxruntime failed: ${(e as Error).message}`, { cause: e });
      }
      idx.forEach((i, b) => {
        const [better, same, worse] = softmax3(logits[b * 3]!, logits[b * 3 + 1]!, logits[b * 3 + 2]!);
        out[i] = { better, same, worse };
      });
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.session.release();
  }
}

/** `await createEmbeddedBackend(dir, options)`: same as EmbeddedBackend.load. */
export const createEmbeddedBackend = (dir: string, options?: EmbeddedBackendOptions) => EmbeddedBackend.load(dir, options);
