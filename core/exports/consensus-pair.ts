/**
 * The preference a comparison contributes to the preference exports (TRL, HH-RLHF, the Hugging Face
 * folder): the consensus of its human labels (optionally trust-weighted); with no labels, the preference
 * its imported file recorded, so re-exporting an imported file gives it back; otherwise none.
 */
import type { ConsensusPair } from "../formats";
import { consensusOf, toPairVerdict, type PairVerdict, type RawVerdict } from "../quality";
import type { ComparisonRow, datasetTrust } from "./dataset-rows";

export type Trust = Awaited<ReturnType<typeof datasetTrust>> | null;

/** The pair a comparison contributes, or null (no decisive verdict). */
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
