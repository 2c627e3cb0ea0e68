/**
 * Dataset exports, streamed. Authorization and option checks happen before the first chunk, so a
 * refused request never starts a 200 response. Every format can read a snapshot (`snapshot`: only the
 * comparisons and labels it froze) instead of the dataset as it is now.
 *  - trl: consensus pairs → TRL preference rows {prompt, chosen, rejected} (core/formats/export-trl).
 *    Per comparison: the (optionally trust-weighted) consensus of its human labels; a comparison with
 *    no labels but an imported preference (TRL/HH) keeps that preference, so re-exporting an imported
 *    file gives it back; no decisive consensus → left out.
 *  - genrm: every human label → the GenRM's prompt/completion training rows, by the same pipeline a
 *    training run uses (core/training-data/label-pipeline.ts: reader, prompt-key groups, weights);
 *    pairwise labels give two rows, one per order.
 *  - labels: raw labels with annotators pseudonymised (HMAC with EXPORT_SALT).
 *  - hh: the same consensus pairs as Anthropic HH-RLHF rows {chosen, rejected} (hh-rlhf.ts); no ties.
 *  - hf: a Hugging Face `datasets` folder (Parquet shards per config and split + dataset card) as a
 *    .tar.gz (hf/hf-folder.ts).
 */
import { exportTrainingRowsAsync, toJsonlLine } from "../../genrm/export";
import { trainingRecords } from "../training-data/label-pipeline";
import { env } from "../env";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "../datasets/access";
import { formatLabelsJsonl, formatTrlPreferenceJsonl, type RawLabelRow } from "../formats";
import { findSnapshotOf } from "../snapshots/snapshots";
import { consensusPair, type Trust } from "./consensus-pair";
import { comparisonRows, datasetTrust, labelRows, type ExportScope } from "./dataset-rows";
import { gzipChunks } from "./gzip-chunks";
import { hfFolderTar } from "./hf/hf-folder";
import { toHhRow } from "./hh-rlhf";
import { exportInput, type ExportInput } from "./options";

export interface PreparedExport {
  fileName: string;
  contentType: string;
  /** JSONL lines, or the bytes of an archive. */
  chunks: AsyncGenerator<string | Uint8Array>;
}

const JSONL = "application/x-ndjson; charset=utf-8";

function exportSalt(): string {
  const salt = env().EXPORT_SALT;
  if (!salt) throw new AppError("Unavailable", "Set EXPORT_SALT (npm start writes one into .env) to export labels with pseudonymised annotators");
  return salt;
}

export async function exportDataset(actor: Actor, datasetId: string, input: ExportInput): Promise<PreparedExport> {
  requireDataManager(actor);
  const o = exportInput.parse(input);
  const ds = await findDatasetOr404(datasetId, actor);
  const snapshot = o.snapshot ? await findSnapshotOf(datasetId, o.snapshot) : null;
  const scope: ExportScope = { datasetId, snapshotId: snapshot?.id };
  const base = (ds.name.replace(/[^\w.-]+/g, "_").slice(0, 60) || "dataset") + (snapshot ? `.${snapshot.id}` : "");
  const trust = async (): Promise<Trust> => (o.weighting === "trust" ? datasetTrust(scope) : null);
  switch (o.format) {
    case "labels":
      return { fileName: `${base}.labels.jsonl`, contentType: JSONL, chunks: rawLabelLines(scope, exportSalt(), o.rationale === "1") };
    case "trl":
      return { fileName: `${base}.trl.jsonl`, contentType: JSONL, chunks: trlLines(scope, o.ties, await trust()) };
    case "hh":
      return { fileName: `${base}.hh-rlhf.jsonl`, contentType: JSONL, chunks: hhLines(scope, await trust()) };
    case "genrm":
      return { fileName: `${base}.genrm.jsonl`, contentType: JSONL, chunks: genrmLines(scope, o.weighting) };
    case "hf": {
      const tar = hfFolderTar({
        scope, root: `${base}-hf`, name: ds.name, description: ds.description, license: o.license, testFraction: o.test, seed: o.seed,
        weighting: o.weighting, trust: await trust(), salt: exportSalt(), snapshot,
      });
      return { fileName: `${base}-hf.tar.gz`, contentType: "application/gzip", chunks: gzipChunks(tar) };
    }
  }
}

async function* trlLines(scope: ExportScope, ties: "exclude" | "keep", trust: Trust): AsyncGenerator<string> {
  for await (const c of comparisonRows(scope)) {
    const pair = consensusPair(c, trust);
    if (pair) yield* formatTrlPreferenceJsonl([pair], { ties: ties === "keep" ? "both-orders" : "exclude" });
  }
}

async function* hhLines(scope: ExportScope, trust: Trust): AsyncGenerator<string> {
  for await (const c of comparisonRows(scope)) {
    const pair = consensusPair(c, trust);
    const row = pair && toHhRow(pair);
    if (row) yield `${JSON.stringify(row)}\n`;
  }
}

/** Exactly the rows a training run on this dataset trains on (core/training-data/label-pipeline.ts), unsplit. */
async function* genrmLines(scope: ExportScope, weighting: "none" | "trust"): AsyncGenerator<string> {
  const records = trainingRecords([scope.datasetId], weighting, scope.snapshotId ? [scope.snapshotId] : undefined);
  for await (const row of exportTrainingRowsAsync(records)) yield toJsonlLine(row);
}

async function* rawLabelLines(scope: ExportScope, salt: string, includeRationale: boolean): AsyncGenerator<string> {
  for await (const l of labelRows(scope)) {
    const row: RawLabelRow = {
      comparisonId: l.comparisonId,
      annotatorId: l.annotatorId,
      verdict: l.verdict,
      strength: l.strength,
      shownLeft: l.shownLeft,
      msSpent: l.msSpent,
      createdAt: l.createdAt,
      rationale: l.rationale,
      mode: l.comparison.mode,
      source: l.source,
      promptKey: l.comparison.prompt.key,
      responseAKey: l.comparison.responseA.key,
      responseBKey: l.comparison.responseB.key,
      modelA: l.comparison.responseA.model,
      modelB: l.comparison.responseB.model,
    };
    yield* formatLabelsJsonl([row], { salt, includeRationale });
  }
}
