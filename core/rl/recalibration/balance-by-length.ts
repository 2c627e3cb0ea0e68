/**
 * "Length-balanced" training labels: among decisive labels (one answer preferred), as many where the
 * preferred answer is the longer one as where it is the shorter one, so that length alone predicts
 * nothing. Annotators (and the version trained on them) that favour longer answers leave a surplus of
 * longer-wins labels; the surplus is dropped, chosen by a hash of what the label says (`recalibrationKey`:
 * prompt, answers, verdict — so the same labels in another database, where ids differ, drop the same
 * ones; the id only breaks ties between labels that say the same), independent of order. Ties and
 * equal-length pairs are kept. Pure.
 */
import { createHash } from "node:crypto";
import type { DbLabel } from "../../training-data";

export type LengthSide = "longer" | "shorter" | "neutral";

/** Which answer the label prefers, by length: the longer, the shorter, or neither (tie / equal length). */
export function preferredSide(l: Pick<DbLabel, "mode" | "verdict" | "aLen" | "bLen">): LengthSide {
  const aWins = l.mode === "pairwise" ? l.verdict === "a" : l.verdict === "better";
  const bWins = l.mode === "pairwise" ? l.verdict === "b" : l.verdict === "worse";
  if ((!aWins && !bWins) || l.aLen === l.bLen) return "neutral";
  const winnerLen = aWins ? l.aLen : l.bLen;
  const loserLen = aWins ? l.bLen : l.aLen;
  return winnerLen > loserLen ? "longer" : "shorter";
}

type Keyed = Pick<DbLabel, "id" | "mode" | "verdict"> & Partial<Pick<DbLabel, "promptKey" | "aText" | "bText">>;

/** What a label says, for reproducible choices: its content when known, otherwise its id. */
export function recalibrationKey(l: Keyed): string {
  return l.promptKey === undefined || l.aText === undefined || l.bText === undefined
    ? `id:${l.id}`
    : JSON.stringify([l.promptKey, l.aText, l.bText, l.mode, l.verdict]);
}

const rank = (l: Keyed) => createHash("sha256").update(`balance:${recalibrationKey(l)}`).digest().readUInt32BE(0);

export interface Balanced<L> {
  kept: L[];
  dropped: L[];
  counts: { longer: number; shorter: number; neutral: number };
}

export function balanceByLength<L extends Keyed & Pick<DbLabel, "aLen" | "bLen">>(labels: readonly L[]): Balanced<L> {
  const groups: Record<LengthSide, L[]> = { longer: [], shorter: [], neutral: [] };
  for (const l of labels) groups[preferredSide(l)].push(l);
  const target = Math.min(groups.longer.length, groups.shorter.length);
  // each label's rank hashed once, not once per comparison (the key holds both answers' texts)
  const trim = (g: L[]) =>
    g
      .map((l) => ({ l, r: rank(l) }))
      .sort((a, b) => a.r - b.r || a.l.id.localeCompare(b.l.id))
      .map(({ l }) => l);
  const longer = trim(groups.longer);
  const shorter = trim(groups.shorter);
  const keptIds = new Set([...longer.slice(0, target), ...shorter.slice(0, target), ...groups.neutral].map((l) => l.id));
  return {
    kept: labels.filter((l) => keptIds.has(l.id)),
    dropped: labels.filter((l) => !keptIds.has(l.id)),
    counts: { longer: groups.longer.length, shorter: groups.shorter.length, neutral: groups.neutral.length },
  };
}
