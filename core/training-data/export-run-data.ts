/**
 * A training run's data: labels of its datasets → held-out split by prompt → the training JSONL
 * (genrm/export.ts rows, the serving template) → lineage rows (TrainingRunLabel, with heldOut).
 * Idempotent: a retried job rewrites the same file (atomically) and skips lineage rows already there.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { isHeldout, labelToRows, toJsonlLine } from "../../genrm/export";
import type { Verdict } from "../../genrm/types";
import { db } from "../db/client";
import { AppError } from "../errors";
import { labelWeigher, weightedLabels } from "./label-pipeline";
import type { Weighting } from "./weights";
import { assertTrainable } from "./label-summary";

export interface ExportRunDataInput {
  trainingRunId: string;
  datasetIds: string[];
  /** Train on exactly these snapshots' labels (empty or absent: every label of the datasets). */
  snapshotIds?: string[];
  heldoutFraction: number;
  splitSeed: number;
  weighting: Weighting;
  /** Render prompts to fit a byte-level model's context (undefined: no limit). */
  maxPromptBytes?: number;
  /** Where train.jsonl goes. */
  file: string;
}

export interface ExportSummary {
  labels: number;
  trainLabels: number;
  heldoutLabels: number;
  /** Labels left out: weight 0 (contradicting a gold answer) or a verdict that does not fit the mode. */
  excludedLabels: number;
  trainRows: number;
  heldoutPrompts: number;
  trainPrompts: number;
  rowClasses: Record<Verdict, number>;
  file: string;
}

const LINEAGE_CHUNK = 5000;

export async function exportRunData(input: ExportRunDataInput): Promise<ExportSummary> {
  const weigh = await labelWeigher(input.datasetIds, input.weighting, input.snapshotIds);
  await mkdir(path.dirname(input.file), { recursive: true });
  const tmp = `${input.file}.tmp`;
  const out = createWriteStream(tmp, { encoding: "utf8" });
  const s: ExportSummary = {
    labels: 0, trainLabels: 0, heldoutLabels: 0, excludedLabels: 0, trainRows: 0, heldoutPrompts: 0, trainPrompts: 0,
    rowClasses: { better: 0, same: 0, worse: 0 }, file: input.file,
  };
  const lineage: Array<{ trainingRunId: string; labelId: string; heldOut: boolean }> = [];
  const trainPrompts = new Set<string>();
  const heldPrompts = new Set<string>();
  const flush = async () => {
    if (lineage.length === 0) return;
    await db().trainingRunLabel.createMany({ data: lineage.splice(0), skipDuplicates: true });
  };
  try {
    for await (const { label: l, record } of weightedLabels({ datasetIds: input.datasetIds, snapshotIds: input.snapshotIds }, weigh)) {
      s.labels++;
      if (!record) {
        s.excludedLabels++;
        continue;
      }
      const heldOut = isHeldout(l.promptKey, input.heldoutFraction, input.splitSeed);
      lineage.push({ trainingRunId: input.trainingRunId, labelId: l.id, heldOut });
      if (heldOut) {
        s.heldoutLabels++;
        heldPrompts.add(l.promptKey);
      } else {
        s.trainLabels++;
        trainPrompts.add(l.promptKey);
        for (const row of labelToRows(record, { maxBytes: input.maxPromptBytes })) {
          s.rowClasses[row.completion.trim() as Verdict]++;
          s.trainRows++;
          if (!out.write(toJsonlLine(row))) await once(out, "drain");
        }
      }
      if (lineage.length >= LINEAGE_CHUNK) await flush();
    }
    await flush();
  } finally {
    out.end();
    await once(out, "close");
  }
  s.heldoutPrompts = heldPrompts.size;
  s.trainPrompts = trainPrompts.size;
  if (s.labels === 0) assertTrainable(s.rowClasses, 0);
  if (s.trainLabels === 0) {
    throw new AppError(
      "Unprocessable",
      s.heldoutLabels > 0
        ? `All ${s.heldoutLabels} usable labels fell into the held-out split (${s.heldoutPrompts} prompts): add prompts or lower heldoutFraction.`
        : `None of the ${s.labels} labels can be used (contradicting gold answers, or verdicts that do not fit their comparison mode).`,
    );
  }
  assertTrainable(s.rowClasses, s.trainLabels, "the training labels");
  await rename(tmp, input.file);
  return s;
}
