/**
 * npm run bench:active — does labelling "where the GenRM is unsure" buy held-out accuracy with fewer
 * labels than labelling at random?
 *
 * Pool: the demo task's judge items (genrm/demo-task, the demo labels' generator); held-out: items on
 * prompts never in the pool. Both strategies start from the same random seed set; then at each budget
 *   - random: the next items of one fixed shuffle of the pool;
 *   - active: the model trained at the previous budget judges every unlabelled pool item in both orders
 *     and the product's strategy (genrm/uncertainty.ts selectUncertain — entropy + swap inconsistency,
 *     at most one pick per prompt per round) chooses the next ones.
 * Each model is the demo recipe (the real Python trainer, tiny kind) trained from scratch for the same
 * number of optimizer steps (`--steps`, so a small budget is not also an under-trained model), then
 * judged on the held-out items in both orders (debiased argmax, as served).
 * Output: both learning curves, then the labels each strategy needs to reach the same held-out accuracy
 * (the random curve's best; linear interpolation between budgets) and their ratio (goal ≤ 0.6).
 * Last line: {labels_random, labels_active, ratio, ...}. ~5–8 minutes on 2 cores.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateJudgeItems, toTrainingRows, type DemoJudgeItem } from "../genrm/demo-task/index";
import { createEmbeddedBackend } from "../genrm/backends/embedded/index";
import { combineOrders, swapItem } from "../genrm/debias";
import { runTrainer } from "../genrm/python";
import { TEMPLATE_VERSION } from "../genrm/template";
import { selectUncertain } from "../genrm/uncertainty";
import type { VerdictProbs } from "../genrm/types";
import { trainerFlags, trainingParamsSchema } from "../core/models/training-params";
import { DEMO_RECIPE } from "../prisma/seed/demo-genrm-model";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const POOL = Number(arg("pool", "1600"));
const HELD_OUT = Number(arg("heldout", "600"));
const BUDGETS = arg("budgets", "100,200,400,800").split(",").map(Number);
const STEPS = Number(arg("steps", "240"));
const EPOCHS = 3;
const SEED = Number(arg("seed", "1"));

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Trained {
  dir: string;
  seconds: number;
}

async function train(dir: string, items: readonly DemoJudgeItem[], tag: string, threads = 0): Promise<Trained> {
  const context = DEMO_RECIPE.contextLength!;
  const rows = toTrainingRows(items, { maxBytes: context - 1 });
  // The same number of optimizer steps at every budget: the rows are repeated so that EPOCHS passes make
  // STEPS steps (the trainer validates and checkpoints once per epoch; 80 tiny epochs would be mostly that).
  const trainRows = Math.max(1, Math.round(rows.length * (1 - (DEMO_RECIPE.valFraction ?? 0.1))));
  const repeat = Math.max(1, Math.round((STEPS * DEMO_RECIPE.batchSize!) / (EPOCHS * trainRows)));
  const data = path.join(dir, `${tag}.jsonl`);
  const lines = rows.map((r) => JSON.stringify(r));
  writeFileSync(data, Array.from({ length: repeat }, () => lines.join("\n")).join("\n") + "\n");
  const outDir = path.join(dir, tag);
  const params = trainingParamsSchema.parse({ ...DEMO_RECIPE, epochs: EPOCHS, threads, datasetIds: ["bench"] });
  const t0 = performance.now();
  await runTrainer(trainerFlags(params, { data, outDir }, TEMPLATE_VERSION));
  return { dir: outDir, seconds: (performance.now() - t0) / 1000 };
}

/** Forward and swapped-order distributions for every item, from one trained model. */
async function judgeBoth(modelDir: string, items: readonly DemoJudgeItem[]): Promise<Array<{ forward: VerdictProbs; swapped: VerdictProbs }>> {
  const backend = await createEmbeddedBackend(modelDir, { batchSize: 32 });
  try {
    const forward: VerdictProbs[] = [];
    const swapped: VerdictProbs[] = [];
    for (let i = 0; i < items.length; i += 256) {
      const chunk = items.slice(i, i + 256);
      forward.push(...(await backend.judge(chunk)));
      swapped.push(...(await backend.judge(chunk.map(swapItem))));
    }
    return items.map((_, i) => ({ forward: forward[i]!, swapped: swapped[i]! }));
  } finally {
    await backend.close();
  }
}

async function heldOutAccuracy(modelDir: string, items: readonly DemoJudgeItem[]): Promise<number> {
  const judged = await judgeBoth(modelDir, items);
  return judged.filter((j, i) => combineOrders(j.forward, j.swapped).verdict === items[i]!.verdict).length / items.length;
}

/** Labels at which a curve first reaches `target` (linear between budgets); null if it never does. */
function labelsToReach(curve: ReadonlyArray<{ labels: number; acc: number }>, target: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i]!;
    if (p.acc >= target) {
      if (i === 0) return p.labels;
      const q = curve[i - 1]!;
      return q.labels + ((target - q.acc) / (p.acc - q.acc)) * (p.labels - q.labels);
    }
  }
  return null;
}

async function main() {
  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-active-"));
  try {
    const pool = generateJudgeItems({ seed: 1, count: POOL });
    const heldOut = generateJudgeItems({ seed: 2, count: HELD_OUT });
    const order = shuffled(pool, SEED);
    const seedSet = order.slice(0, BUDGETS[0]);
    console.log(`pool ${pool.length} demo items, held-out ${heldOut.length} on unseen prompts, budgets ${BUDGETS.join(" → ")}, ${STEPS} optimizer steps per model (demo recipe, d_model ${DEMO_RECIPE.dModel})`);

    const random: Array<{ labels: number; acc: number }> = [];
    const active: Array<{ labels: number; acc: number }> = [];
    const first = await train(dir, seedSet, "seed");
    const firstAcc = await heldOutAccuracy(first.dir, heldOut);
    random.push({ labels: BUDGETS[0]!, acc: firstAcc });
    active.push({ labels: BUDGETS[0]!, acc: firstAcc });
    console.log(`  ${String(BUDGETS[0]).padStart(5)} labels  both      ${(100 * firstAcc).toFixed(1)} %  (${first.seconds.toFixed(0)} s)`);

    let activeSet: DemoJudgeItem[] = [...seedSet];
    let activeModel = first.dir;
    for (const budget of BUDGETS.slice(1)) {
      // Pick the uncertain batch first (it needs only the previous model), then train both strategies'
      // models side by side, one trainer thread each: on 2 cores that halves the wall time.
      const taken = new Set(activeSet.map((it) => it.id));
      const rest = pool.filter((it) => !taken.has(it.id));
      const judged = await judgeBoth(activeModel, rest);
      const picks = selectUncertain(
        rest.map((it, i) => ({ id: it.id, group: it.promptId, item: it, ...judged[i]! })),
        { budget: budget - activeSet.length, maxPerGroup: 1 },
      );
      const inconsistent = picks.filter((p) => p.uncertainty.inconsistent).length;
      activeSet = [...activeSet, ...picks.map((p) => p.item)];
      const threads = Math.max(1, Math.floor(os.cpus().length / 2));
      const [r, a] = await Promise.all([train(dir, order.slice(0, budget), `random-${budget}`, threads), train(dir, activeSet, `active-${budget}`, threads)]);
      const rAcc = await heldOutAccuracy(r.dir, heldOut);
      random.push({ labels: budget, acc: rAcc });
      console.log(`  ${String(budget).padStart(5)} labels  random    ${(100 * rAcc).toFixed(1)} %  (${r.seconds.toFixed(0)} s)`);
      const aAcc = await heldOutAccuracy(a.dir, heldOut);
      activeModel = a.dir;
      active.push({ labels: budget, acc: aAcc });
      console.log(`  ${String(budget).padStart(5)} labels  uncertain ${(100 * aAcc).toFixed(1)} %  (${a.seconds.toFixed(0)} s; picked ${picks.length}, ${inconsistent} swap-inconsistent, mean entropy ${(picks.reduce((s, p) => s + p.uncertainty.entropy, 0) / Math.max(1, picks.length)).toFixed(2)})`);
    }

    const target = Math.max(...random.map((p) => p.acc));
    const labelsRandom = labelsToReach(random, target);
    const labelsActive = labelsToReach(active, target);
    const ratio = labelsRandom !== null && labelsActive !== null ? labelsActive / labelsRandom : null;

    console.log(`\n${"labels".padStart(6)}  ${"random".padStart(8)}  ${"uncertain".padStart(9)}`);
    for (let i = 0; i < BUDGETS.length; i++) console.log(`${String(BUDGETS[i]).padStart(6)}  ${(100 * random[i]!.acc).toFixed(1).padStart(6)} %  ${(100 * active[i]!.acc).toFixed(1).padStart(7)} %`);
    console.log(
      `\ntarget = random's best held-out accuracy ${(100 * target).toFixed(1)} %: random needs ${labelsRandom?.toFixed(0) ?? "–"} labels, ` +
        `uncertain ${labelsActive?.toFixed(0) ?? "never within the budgets"}; ratio ${ratio?.toFixed(2) ?? "–"} (goal ≤ 0.6: ${ratio !== null && ratio <= 0.6 ? "met" : "not met"})`,
    );
    console.log(
      JSON.stringify({
        labels_random: labelsRandom === null ? null : Math.round(labelsRandom),
        labels_active: labelsActive === null ? null : Math.round(labelsActive),
        ratio: ratio === null ? null : Number(ratio.toFixed(3)),
        target_acc: Number(target.toFixed(4)),
        curve_random: random.map((p) => [p.labels, Number(p.acc.toFixed(4))]),
        curve_active: active.map((p) => [p.labels, Number(p.acc.toFixed(4))]),
        steps_per_model: STEPS,
        seconds: Math.round((performance.now() - started) / 1000),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
