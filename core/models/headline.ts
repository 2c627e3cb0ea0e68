/** The few numbers a list shows per version, read defensively from the evalMetrics JSON. */
import type { EvalMetrics } from "./evaluation/run-evaluation";

export interface Headline {
  accuracy: number | null;
  ece: number | null;
  swapConsistency: number | null;
  longerBetterShare: number | null;
  heldoutLabels: number | null;
}

const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);

export function headline(evalMetrics: unknown): Headline {
  const m = (evalMetrics ?? {}) as Partial<EvalMetrics>;
  return {
    accuracy: num(m.accuracy),
    ece: num(m.ece),
    swapConsistency: num(m.swapConsistency),
    longerBetterShare: num(m.lengthProbe?.longerBetterShare),
    heldoutLabels: num(m.heldoutLabels),
  };
}

export const asEvalMetrics = (x: unknown): EvalMetrics | null => {
  const m = x as Partial<EvalMetrics> | null;
  return m && typeof m === "object" && typeof m.accuracy === "number" && Array.isArray(m.confusion) ? (m as EvalMetrics) : null;
};
