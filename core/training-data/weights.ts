/**
 * Label weights for training (pure): annotator trust from gold answers (core/quality/trust.ts), scaled
 * so an annotator without gold answers weighs 1, capped at 3; on gold comparisons a label that agrees
 * with the gold answer counts double and one that contradicts it counts 0 (known to be wrong).
 */
import { toPairVerdict, trustWeights, type QualityLabel, type RawVerdict } from "../quality";
import type { DbLabel } from "./label-records";

export type Weighting = "trust" | "none";

const NO_GOLD_WEIGHT = Math.log(2); // trustWeights' weight for an annotator with no gold answered
export const MAX_TRUST_WEIGHT = 3;

/** Per-annotator weight from every label given (gold ones decide it), scaled to 1 = "no evidence". */
export function annotatorWeights(labels: Iterable<QualityLabel>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, w] of trustWeights(labels)) out.set(id, Math.min(MAX_TRUST_WEIGHT, w / NO_GOLD_WEIGHT));
  return out;
}

export function labelWeight(l: Pick<DbLabel, "annotatorId" | "verdict" | "isGold" | "goldVerdict">, annotators: Map<string, number>, weighting: Weighting): number {
  if (weighting === "none") return 1;
  let w = annotators.get(l.annotatorId) ?? 1;
  if (l.isGold && l.goldVerdict) {
    w = toPairVerdict(l.verdict as RawVerdict) === toPairVerdict(l.goldVerdict as RawVerdict) ? 2 * w : 0;
  }
  return Number.isFinite(w) ? w : MAX_TRUST_WEIGHT;
}
