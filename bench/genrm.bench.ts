/**
 * npm run bench:genrm — the embedded GenRM on this machine's CPU, in one run:
 *   1. trains the tiny judge on the demo task with the demo recipe (the real Python trainer), reporting
 *      training examples/s (goal ≥ 50 on 2 cores);
 *   2. serves the exported ONNX model in-process (onnxruntime-node) and judges held-out demo items
 *      (prompts never trained on): batched (the API's micro-batches) and one at a time, side by side —
 *      judgments/s (goal ≥ 200 on 2 cores) and the batched / batch-size-1 ratio;
 *   3. held-out accuracy of those judgments.
 * Last line: one JSON object {train_ex_per_s, judge_per_s, heldout_acc, ...}.
 * Needs PyTorch (`npm test`/`npm start` install it when root). Takes ~3–4 minutes on 2 cores.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateJudgeItems, toTrainingRows } from "../genrm/demo-task/index";
import { createEmbeddedBackend } from "../genrm/backends/embedded/index";
import { runTrainer } from "../genrm/python";
import type { VerdictProbs } from "../genrm/types";
import { argmaxVerdict } from "../genrm/verdicts";
import { DEMO_RECIPE, demoTrainerArgs } from "../prisma/seed/demo-genrm-model";
import { DEMO_LABELS_COUNT } from "../prisma/seed/demo-genrm-labels";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const HELD_OUT = Number(arg("heldout", "1000"));
const SINGLE = Number(arg("single", "200"));
const BATCH = Number(arg("batch", "32"));

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-genrm-"));
  try {
    const context = DEMO_RECIPE.contextLength!;
    const rows = toTrainingRows(generateJudgeItems({ seed: 1, count: DEMO_LABELS_COUNT }), { maxBytes: context - 1 });
    const data = path.join(dir, "train.jsonl");
    writeFileSync(data, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const outDir = path.join(dir, "model");
    console.log(`training the tiny judge on ${rows.length} demo rows (d_model ${DEMO_RECIPE.dModel}, ${DEMO_RECIPE.nLayer} layers, context ${context}, up to ${DEMO_RECIPE.epochs} epochs)…`);
    let last = 0;
    const trained = await runTrainer(
      demoTrainerArgs({ data, outDir }),
      (p) => {
        if (Date.now() - last < 5000) return;
        last = Date.now();
        process.stdout.write(`  step ${p.step}/${p.total_steps}  loss ${fmt(p.loss ?? NaN, 3)}  ${fmt(p.ex_per_s)} ex/s\n`);
      },
    );
    const m = trained.metrics!;

    const backend = await createEmbeddedBackend(outDir, { batchSize: BATCH });
    const items = generateJudgeItems({ seed: 2, count: HELD_OUT });
    await backend.judge(items.slice(0, BATCH)); // warm-up: session and allocator

    let t = performance.now();
    const probs: VerdictProbs[] = [];
    for (let i = 0; i < items.length; i += BATCH) probs.push(...(await backend.judge(items.slice(i, i + BATCH))));
    const batchedSeconds = (performance.now() - t) / 1000;
    const judgePerS = items.length / batchedSeconds;

    t = performance.now();
    for (const it of items.slice(0, SINGLE)) await backend.judge([it]);
    const singleSeconds = (performance.now() - t) / 1000;
    const singlePerS = SINGLE / singleSeconds;
    await backend.close();

    const correct = items.filter((it, i) => argmaxVerdict(probs[i]!) === it.verdict).length;
    const heldoutAcc = correct / items.length;

    const table: Array<[string, string, string]> = [
      ["training examples/s", fmt(m.ex_per_s), "goal ≥ 50 (2 cores)"],
      ["training time", `${fmt(m.train_seconds, 0)} s, ${m.steps} steps`, m.stopped_early ? "early-stopped" : "all epochs"],
      [`judgments/s, batches of ${BATCH}`, fmt(judgePerS), "goal ≥ 200 (2 cores)"],
      ["judgments/s, one at a time", fmt(singlePerS), `${SINGLE} sequential calls`],
      ["batched / one-at-a-time", `${fmt(judgePerS / singlePerS, 2)}×`, "in-process batching gain"],
      ["held-out accuracy", `${fmt(100 * heldoutAcc)} %`, `${items.length} items on unseen prompts; chance 33 %, goal ≥ 80 %`],
    ];
    const w0 = Math.max(...table.map((r) => r[0].length));
    const w1 = Math.max(...table.map((r) => r[1].length));
    console.log(`\n${"measure".padEnd(w0)}  ${"value".padEnd(w1)}  note`);
    for (const [a, b, c] of table) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
    console.log(
      JSON.stringify({
        train_ex_per_s: Number(fmt(m.ex_per_s)),
        judge_per_s: Number(fmt(judgePerS)),
        heldout_acc: Number(heldoutAcc.toFixed(4)),
        judge_single_per_s: Number(fmt(singlePerS)),
        batched_vs_single_ratio: Number((judgePerS / singlePerS).toFixed(2)),
        train_seconds: Math.round(m.train_seconds),
        cores: os.cpus().length,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
