/**
 * Label shape for quality statistics (plain objects; the caller maps database rows onto it).
 * Pairwise verdicts are "a" | "b" | "tie". vs-reference labels ("better" | "same" | "worse", A = the
 * candidate, B = the reference) map onto them: better → a, worse → b, same → tie.
 */

export type PairVerdict = "a" | "b" | "tie";
export type RawVerdict = PairVerdict | "better" | "same" | "worse";
export const PAIR_VERDICTS: readonly PairVerdict[] = ["a", "b", "tie"];

export interface QualityLabel {
  comparisonId: string;
  annotatorId: string;
  verdict: RawVerdict;
  /** 1 = slightly, 2 = clearly; ignored (0) for ties. */
  strength?: number;
  /** Which answer was shown on the left. */
  shownLeft?: "a" | "b";
  /** Answer lengths (characters or tokens; only their order matters). */
  lenA?: number;
  lenB?: number;
  msSpent?: number;
  isGold?: boolean;
  goldVerdict?: RawVerdict | null;
}

export function toPairVerdict(v: RawVerdict): PairVerdict {
  switch (v) {
    case "better":
      return "a";
    case "worse":
      return "b";
    case "same":
      return "tie";
    default:
      return v;
  }
}

/** The strength-weighted scale −2..2: +2 = A clearly better, −1 = B slightly better, 0 = tie. */
export function signedScore(verdict: RawVerdict, strength: number | undefined): number {
  const v = toPairVerdict(verdict);
  if (v === "tie") return 0;
  const s = strength === 2 ? 2 : 1; // missing/0/odd strengths on a non-tie count as "slightly"
  return v === "a" ? s : -s;
}

/** Groups labels by comparison, keeping first-appearance order (and one label per annotator). */
export function byComparison<L extends QualityLabel>(labels: Iterable<L>): Map<string, L[]> {
  const out = new Map<string, L[]>();
  for (const l of labels) {
    let list = out.get(l.comparisonId);
    if (!list) out.set(l.comparisonId, (list = []));
    if (!list.some((x) => x.annotatorId === l.annotatorId)) list.push(l);
  }
  return out;
}
