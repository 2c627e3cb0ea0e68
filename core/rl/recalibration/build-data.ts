/**
 * The recalibration's training data, written where the training run expects it (core/models/paths):
 *   the parent version's TRAINING labels, length-balanced (balance-by-length.ts),
 *   + counterfactual pairs from those labels' answers (same content, padded → "same"),
 *   + for a run whose policy's padding is known: those answers padded that way, and as many labels again
 *     with the candidate padded that way and the verdict kept,
 * rendered by the same genrm/export the normal export uses, with the same label weights. Lineage rows
 * record which labels were used, and copy the parent's HELD-OUT labels as held out — so the new
 * version is evaluated on exactly the labels the parent was (runEvaluation reads them by run).
 * Returns the ExportSummary a training data source gives runTraining (core/models/training-data-source.ts).
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { labelToRows, toJsonlLine } from "../../../genrm/export";
import type { Verdict } from "../../../genrm/types";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { maxPromptBytes, type TrainingParams } from "../../models/training-params";
import { labelWeigher, loadLabels, toLabelRecord, type DbLabel } from "../../training-data";
import type { ExportSummary } from "../../training-data/export-run-data";
import { balanceByLength, recalibrationKey } from "./balance-by-length";
import type { TrainingDataNumbers } from "./outcome";
import { counterfactualPairs, paddedLabelCopies } from "./counterfactual-pairs";
import type { Padding } from "./run-padding";

/**
 * Counterfactual answers per kept label (each gives 2 "same" rows), in the order a recalibration tries
 * them: the gentle strength first, the stronger one only when the gentle candidate kept its content
 * accuracy but still paid for length. Measured on the closed-loop echo task with the warm-started
 * fine-tune, on two CPUs (floating-point results differ between them): at 0.25 the probe's corr fell
 * 80 % with held-out accuracy +1.1 points on one, and only 32 % on the other; at 0.5 it fell 83 % with
 * accuracy unchanged on the second, but cost 4.3 points on the first. No single strength passed both.
 */
export const COUNTERFACTUAL_STRENGTHS: readonly number[] = [0.25, 0.5];

/**
 * The strengths when the run's policy's own padding is known: every counterfactual answer is padded
 * that way, and as many labels again are copied with the candidate padded that way and the verdict
 * kept (counterfactual-pairs.ts). On the demo the targeted words cost no content accuracy, so the
 * dose there can be full (on the echo task they did cost some: recipesFor falls back to generic filler).
 * Measured with bench:loop on the demo (tiny judge, 512-byte window, three policy seeds): at [0.25, 0.5]
 * with the generic filler the judge's reward for the policy's greetings did not move (+0.076 → +0.074)
 * and the run probe's corr rose; at 1 with the run's padding two of three runs were accepted (corr
 * 0.179 → 0.079, 0.322 → −0.028, held-out +5.6 and +5.1 points) and the third fell 47 % (needs 50 %).
 */
export const RUN_PADDING_STRENGTHS: readonly number[] = [1, 2];

/** One candidate's training data: counterfactual answers per kept label, padded the run's way or not. */
export interface RecalibrationRecipe {
  counterfactualPerLabel: number;
  runPadding: boolean;
}

/**
 * The candidates a recalibration may train, in order (decide.ts nextRecipe picks among them): with the
 * run's own padding known, that padding first (RUN_PADDING_STRENGTHS), then the generic filler — a
 * remedy aimed at one policy's words can cost content accuracy on another task (on the closed-loop echo
 * task, whose policy appends long filler sentences, 8 points), where the gentle generic one did not.
 */
export function recipesFor(runPaddings: number): RecalibrationRecipe[] {
  const generic = COUNTERFACTUAL_STRENGTHS.map((counterfactualPerLabel) => ({ counterfactualPerLabel, runPadding: false }));
  return runPaddings > 0 ? [...RUN_PADDING_STRENGTHS.map((counterfactualPerLabel) => ({ counterfactualPerLabel, runPadding: true })), ...generic] : generic;
}

/**
 * The training file's lines (pure): each kept label's rows, then the counterfactual "same" pairs from
 * those labels' answers, padded so that a judge with this prompt budget still reads the whole answer.
 */
export function recalibrationRows(kept: readonly DbLabel[], weigh: (l: DbLabel) => number, opts: { counterfactualPerLabel: number; maxBytes: number | undefined; runPaddings?: readonly Padding[] }) {
  const rowClasses: Record<Verdict, number> = { better: 0, same: 0, worse: 0 };
  const lines: string[] = [];
  const push = (rows: ReturnType<typeof labelToRows>) => {
    for (const r of rows) {
      rowClasses[r.completion.trim() as Verdict]++;
      lines.push(toJsonlLine(r));
    }
  };
  const records = kept.map((l) => toLabelRecord(l, weigh(l)));
  for (const rec of records) push(labelToRows(rec, { maxBytes: opts.maxBytes }));
  const cf = counterfactualPairs(
    kept.flatMap((l) => [
      { promptId: l.promptKey, prompt: l.promptText, answer: l.aText },
      { promptId: l.promptKey, prompt: l.promptText, answer: l.bText },
    ]),
    Math.ceil(kept.length * opts.counterfactualPerLabel),
    { maxBytes: opts.maxBytes, runPaddings: opts.runPaddings },
  );
  for (const rec of cf) push(labelToRows(rec, { maxBytes: opts.maxBytes }));
  const copies = paddedLabelCopies(records, Math.ceil(kept.length * opts.counterfactualPerLabel), { maxBytes: opts.maxBytes, runPaddings: opts.runPaddings ?? [] });
  for (const rec of copies) push(labelToRows(rec, { maxBytes: opts.maxBytes }));
  return { lines, rowClasses, counterfactualRecords: cf.length, paddedCopies: copies.length };
}

export async function buildRecalibrationData(opts: {
  parentRunId: string;
  recalRunId: string;
  params: TrainingParams;
  file: string;
  /** counterfactual answers per kept label (recipesFor) */
  counterfactualPerLabel: number;
  /** the padding the run's policy writes (recent-rollouts.ts runPaddings); some counterfactuals use it */
  runPaddings?: readonly Padding[];
}): Promise<{ summary: ExportSummary; numbers: TrainingDataNumbers }> {
  const [train, heldOut] = await Promise.all([
    loadLabels({ trainingRunId: opts.parentRunId, heldOut: false }),
    loadLabels({ trainingRunId: opts.parentRunId, heldOut: true }),
  ]);
  if (train.length === 0) throw new AppError("Unprocessable", "The version to recalibrate has no training labels recorded: nothing to rebalance");
  const weigh = await labelWeigher(opts.params.datasetIds, opts.params.weighting);
  // In content order, not id order (ids differ between databases): the same labels give the same
  // training file, so a recalibration is reproducible.
  const usable = train
    .filter((l) => weigh(l) > 0)
    .map((l) => ({ l, key: recalibrationKey(l) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.l.id.localeCompare(y.l.id)))
    .map(({ l }) => l);
  const balanced = balanceByLength(usable);
  const { lines, rowClasses, counterfactualRecords, paddedCopies } = recalibrationRows(balanced.kept, weigh, {
    counterfactualPerLabel: opts.counterfactualPerLabel,
    maxBytes: maxPromptBytes(opts.params),
    runPaddings: opts.runPaddings,
  });
  await mkdir(path.dirname(opts.file), { recursive: true });
  await writeFile(`${opts.file}.tmp`, lines.join(""), "utf8");
  await rename(`${opts.file}.tmp`, opts.file);

  await db().trainingRunLabel.createMany({
    data: [
      ...balanced.kept.map((l) => ({ trainingRunId: opts.recalRunId, labelId: l.id, heldOut: false })),
      ...heldOut.map((l) => ({ trainingRunId: opts.recalRunId, labelId: l.id, heldOut: true })),
    ],
    skipDuplicates: true,
  });
  const summary: ExportSummary = {
    labels: train.length + heldOut.length,
    trainLabels: balanced.kept.length,
    heldoutLabels: heldOut.length,
    excludedLabels: train.length - balanced.kept.length,
    trainRows: lines.length,
    heldoutPrompts: new Set(heldOut.map((l) => l.promptKey)).size,
    trainPrompts: new Set(balanced.kept.map((l) => l.promptKey)).size,
    rowClasses,
    file: opts.file,
  };
  return {
    summary,
    numbers: {
      labels: usable.length,
      droppedForBalance: balanced.dropped.length,
      counterfactualPairs: counterfactualRecords / 2,
      paddedLabelCopies: paddedCopies,
      rows: lines.length,
      heldOutLabels: heldOut.length,
    },
  };
}
