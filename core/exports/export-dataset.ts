/**
 * Dataset exports as streamed JSONL lines. Authorization and option checks happen before the first
 * line, so a refused request never starts a 200 response.
 *  - trl: consensus pairs → TRL preference rows {prompt, chosen, rejected} (core/formats/export-trl).
 *    Per comparison: the (optionally trust-weighted) consensus of its human labels; a comparison with
 *    no labels but an imported preference (TRL/HH) keeps that preference, so re-exporting an imported
 *    file gives it back; no decisive consensus → left out.
 *  - genrm: every human label → the GenRM's prompt/completion training rows, by the same pipeline a
 *    training run uses (core/training-data/label-pipeline.ts: reader, prompt-key groups, weights);
 *    pairwise labels give two rows, one per order.
 *  - labels: raw labels with annotators pseudonymised (HMAC with EXPORT_SALT).
 */
import { exportTrainingRowsAsync, toJsonlLine } from "../../genrm/export";
import { trainingRecords } from "../training-data/label-pipeline";
import { env } from "../env";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "../datasets/access";
import { formatLabelsJsonl, formatTrlPreferenceJsonl, type ConsensusPair, type RawLabelRow } from "../formats";
import { consensusOf, toPairVerdict, type PairVerdict, type RawVerdict } from "../quality";
import { comparisonRows, datasetTrust, labelRows, type ComparisonRow } from "./dataset-rows";
import { exportInput, type ExportInput } from "./options";

export interface PreparedExport {
  fileName: string;
  lines: AsyncGenerator<string>;
}

export async function exportDataset(actor: Actor, datasetId: string, input: ExportInput): Promise<PreparedExport> {
  requireDataManager(actor);
  const o = exportInput.parse(input);
  const ds = await findDatasetOr404(datasetId, actor);
  const base = ds.name.replace(/[^\w.-]+/g, "_").slice(0, 60) || "dataset";
  if (o.format === "labels") {
    const salt = env().EXPORT_SALT;
    if (!salt) throw new AppError("Unavailable", "Set EXPORT_SALT (npm start writes one into .env) to export labels with pseudonymised annotators");
    return { fileName: `${base}.labels.jsonl`, lines: rawLabelLines(datasetId, salt, o.rationale === "1") };
  }
  if (o.format === "trl") {
    const trust = o.weighting === "trust" ? await datasetTrust(datasetId) : null;
    return { fileName: `${base}.trl.jsonl`, lines: trlLines(datasetId, o.ties, trust) };
  }
  return { fileName: `${base}.genrm.jsonl`, lines: genrmLines(datasetId, o.weighting) };
}

type Trust = Awaited<ReturnType<typeof datasetTrust>> | null;

/** The pair a comparison contributes to a TRL export, or null (no decisive verdict). */
export function consensusPair(c: ComparisonRow, trust: Trust): ConsensusPair | null {
  let verdict: PairVerdict | null = null;
  if (c.labels.length > 0) {
    const labels = c.labels.map((l) => ({ comparisonId: c.id, annotatorId: l.annotatorId, verdict: l.verdict as RawVerdict, strength: l.strength }));
    const res = consensusOf(c.id, labels, trust ? { weights: trust.weights, defaultWeight: trust.defaultWeight } : {});
    if (res.decisive) verdict = res.verdict;
  } else if (c.importedVerdict) verdict = toPairVerdict(c.importedVerdict as RawVerdict);
  if (!verdict) return null;
  return { id: c.id, prompt: c.prompt.turns ?? c.prompt.text, a: c.a, b: c.b, verdict };
}

async function* trlLines(datasetId: string, ties: "exclude" | "keep", trust: Trust): AsyncGenerator<string> {
  for await (const c of comparisonRows(datasetId)) {
    const pair = consensusPair(c, trust);
    if (pair) yield* formatTrlPreferenceJsonl([pair], { ties: ties === "keep" ? "both-orders" : "exclude" });
  }
}

/** Exactly the rows a training run on this dataset trains on (core/training-data/label-pipeline.ts), unsplit. */
async function* genrmLines(datasetId: string, weighting: "none" | "trust"): AsyncGenerator<string> {
  for await (const row of exportTrainingRowsAsync(trainingRecords([datasetId], weighting))) yield toJsonlLine(row);
}

async function* rawLabelLines(datasetId: string, salt: string, includeRationale: boolean): AsyncGenerator<string> {
  for await (const l of labelRows(datasetId)) {
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
