/**
 * Active labelling: which comparisons should humans label next? Those where the GenRM is unsure —
 * the most information per label (uncertainty sampling). Per candidate, from its both-order judgement:
 *  - entropy of the debiased verdict distribution, normalised to [0, 1] by ln 3;
 *  - swap inconsistency: the two orders' argmax verdicts disagree (the judge's answer depends on
 *    where the answers sit — it does not know), and how far apart the two distributions are
 *    (total variation between forward and mirrored swapped), which grades it.
 * score = entropy + swapWeight · total variation (+ swapWeight again when the argmaxes disagree).
 * Selection takes the highest scores with at most `maxPerGroup` per group (prompt): uncertain items
 * cluster on a few hard prompts, and a budget spent on one prompt teaches little (a diversity cap is
 * the standard remedy for batch-mode uncertainty sampling). Pure: no I/O.
 */
import { combineOrders } from "./debias";
import type { VerdictProbs } from "./types";
import { mirrorProbs } from "./verdicts";

export interface UncertaintyOptions {
  /** weight of swap inconsistency relative to entropy */
  swapWeight: number;
}

export const DEFAULT_UNCERTAINTY: UncertaintyOptions = Object.freeze({ swapWeight: 0.5 });

export interface Uncertainty {
  /** normalised entropy of the debiased distribution, [0, 1] */
  entropy: number;
  /** total variation between the forward and the mirrored swapped order, [0, 1] */
  swapGap: number;
  /** the two orders' argmax verdicts disagree */
  inconsistent: boolean;
  score: number;
}

const LN3 = Math.log(3);

export function entropyOf(p: VerdictProbs): number {
  let h = 0;
  for (const x of [p.better, p.same, p.worse]) if (x > 0) h -= x * Math.log(x);
  return Math.min(1, Math.max(0, h / LN3));
}

/** Uncertainty of one comparison from its forward and swapped-order distributions (as the backend returned them). */
export function uncertaintyOf(forward: VerdictProbs, swapped: VerdictProbs, o: UncertaintyOptions = DEFAULT_UNCERTAINTY): Uncertainty {
  const both = combineOrders(forward, swapped);
  const back = mirrorProbs(swapped);
  const swapGap = (Math.abs(forward.better - back.better) + Math.abs(forward.same - back.same) + Math.abs(forward.worse - back.worse)) / 2;
  const entropy = entropyOf(both.probs);
  const inconsistent = !both.consistent;
  return { entropy, swapGap, inconsistent, score: entropy + o.swapWeight * (swapGap + (inconsistent ? 1 : 0)) };
}

export interface UncertainCandidate {
  id: string;
  /** diversity group, usually the prompt */
  group: string;
  forward: VerdictProbs;
  swapped: VerdictProbs;
}

export interface SelectOptions extends Partial<UncertaintyOptions> {
  budget: number;
  /** at most this many picks per group (default: unlimited) */
  maxPerGroup?: number;
}

/** The `budget` most uncertain candidates, highest score first (ties: by id, so the choice is reproducible). */
export function selectUncertain<C extends UncertainCandidate>(candidates: readonly C[], o: SelectOptions): Array<C & { uncertainty: Uncertainty }> {
  const opts = { ...DEFAULT_UNCERTAINTY, ...o };
  const scored = candidates
    .map((c) => ({ ...c, uncertainty: uncertaintyOf(c.forward, c.swapped, opts) }))
    .sort((a, b) => b.uncertainty.score - a.uncertainty.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const perGroup = new Map<string, number>();
  const out: Array<C & { uncertainty: Uncertainty }> = [];
  for (const c of scored) {
    if (out.length >= o.budget) break;
    const used = perGroup.get(c.group) ?? 0;
    if (o.maxPerGroup !== undefined && used >= o.maxPerGroup) continue;
    perGroup.set(c.group, used + 1);
    out.push(c);
  }
  return out;
}
