/**
 * The tiny judge learns (embedded backend): the real Python trainer trains the `tiny` judge on the demo
 * task (genrm/demo-task: the verdict follows from whether EACH answer is right, so the judge has to
 * read the question, the reference and the candidate) with the demo recipe, on CPU; then
 *   - the exported ONNX model, served by the embedded backend in onnxruntime-node, judges items of
 *     prompts it never saw (another seed) well above chance (goal ≥ 80 %; the number is printed);
 *   - its verdict probabilities equal PyTorch's on the same prompts within 1e-4;
 *   - the embedded backend passes the shared JudgeBackend conformance suite.
 * Needs PyTorch (/usr/bin/python3 with python3-torch; `npm test` installs it when root). ~2–3 min.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateJudgeItems, toTrainingRows } from "@genrm/demo-task";
import { createEmbeddedBackend, type EmbeddedBackend } from "@genrm/backends/embedded";
import { runBackendConformance } from "@genrm/conformance";
import { runPythonModule, runTrainer, type TrainerMetrics } from "@genrm/python";
import { VERDICTS, type Verdict } from "@genrm/types";
import { argmaxVerdict } from "@genrm/verdicts";
import { DEMO_RECIPE, demoTrainerArgs } from "../../prisma/seed/demo-genrm-model";
import { DEMO_LABELS_COUNT } from "../../prisma/seed/demo-genrm-labels";

const CONTEXT = DEMO_RECIPE.contextLength!;
let dir: string;
let modelDir: string;
let metrics: TrainerMetrics;
let backend: EmbeddedBackend;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "genrm-demo-learns-"));
  modelDir = path.join(dir, "model");
  const rows = toTrainingRows(generateJudgeItems({ seed: 1, count: DEMO_LABELS_COUNT }), { maxBytes: CONTEXT - 1 });
  const data = path.join(dir, "train.jsonl");
  writeFileSync(data, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const result = await runTrainer(demoTrainerArgs({ data, outDir: modelDir }));
  metrics = result.metrics!;
  backend = await createEmbeddedBackend(modelDir);
}, 900_000);

afterAll(async () => {
  await backend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});


describe("the tiny judge learns the demo task", () => {
  it("judges prompts it never saw well above chance, and its weights moved", async () => {
    const heldOut = generateJudgeItems({ seed: 2, count: 600 });
    const probs = await backend.judge(heldOut);
    const correct = heldOut.filter((it, i) => argmaxVerdict(probs[i]!) === it.verdict).length;
    const accuracy = correct / heldOut.length;
    const byVerdict = Object.fromEntries(
      VERDICTS.map((v) => {
        const of = heldOut.map((it, i) => [it, i] as const).filter(([it]) => it.verdict === v);
        return [v, +(of.filter(([, i]) => argmaxVerdict(probs[i]!) === v).length / of.length).toFixed(3)];
      }),
    );
    console.log(
      `[demo-learns] REPORT ${JSON.stringify({ heldout_accuracy: +accuracy.toFixed(4), heldout_items: heldOut.length, recall: byVerdict, val_accuracy: metrics.val_accuracy, steps: metrics.steps, train_seconds: Math.round(Number(metrics.train_seconds)), ex_per_s: Math.round(Number(metrics.ex_per_s)), weight_change: metrics.weight_change })}`,
    );
    expect(accuracy, "held-out accuracy (chance is 1/3; goal 0.8)").toBeGreaterThanOrEqual(0.8);
    expect(Number(metrics.weight_change)).toBeGreaterThan(0.05);
  });

  it("gives the same verdict probabilities in onnxruntime-node as in PyTorch (within 1e-4)", async () => {
    // Mixed lengths in one batch on both sides, so padding is exercised too.
    const items = [...generateJudgeItems({ seed: 3, count: 40 }), { prompt: "Ünïcödé? 🐈", reference: "", candidate: "x".repeat(600) }];
    const onnx = await backend.judge(items);
    const prompts = path.join(dir, "prompts.jsonl");
    writeFileSync(prompts, items.map((it) => JSON.stringify({ prompt: backend.render(it) })).join("\n") + "\n");
    const { events } = await runPythonModule("genrm.trainer.score", ["--model-dir", modelDir, "--prompts", prompts]);
    const torch = events.filter((e) => e.type === "probs") as unknown as Array<{ index: number } & Record<Verdict, number>>;
    expect(torch).toHaveLength(items.length);
    let worst = 0;
    for (const p of torch) for (const v of VERDICTS) worst = Math.max(worst, Math.abs(p[v] - onnx[p.index]![v]));
    console.log(`[demo-learns] max |p_onnx - p_torch| = ${worst.toExponential(2)} over ${items.length} items`);
    expect(worst).toBeLessThan(1e-4);
  });
});

runBackendConformance("EmbeddedBackend (the demo-trained tiny ONNX model)", async () => createEmbeddedBackend(modelDir, { batchSize: 4 }), { tolerance: 1e-5 });
