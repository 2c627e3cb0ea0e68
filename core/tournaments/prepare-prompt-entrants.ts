/**
 * Turns one prompt's answers into tournament entrants, handling the bad inputs up front:
 * - empty answers (blank after trimming) cannot win and are not played; they are listed as excluded;
 * - answers with the same text (after normalisation) are one entrant: the engine plays one of them
 *   (its `key`), so a duplicate is judged once and shares its twin's result;
 * - zero or one distinct non-empty answer needs no games at all.
 * Pure: no I/O, so the unit test covers every case.
 */
import { normaliseText, textHash } from "../formats/content-key";
import type { EntrantInput } from "../../tournaments/index";

export interface CandidateAnswer {
  id: string;
  model: string;
  text: string;
}

export type EntrantPlan =
  /** Nothing to judge: no answer has text. */
  | { kind: "none"; excluded: Excluded[]; duplicates: Duplicate[] }
  /** One distinct non-empty answer: it is the reference, without games. */
  | { kind: "single"; winner: string; excluded: Excluded[]; duplicates: Duplicate[] }
  | { kind: "play"; entrants: EntrantInput[]; excluded: Excluded[] };

export interface Excluded {
  id: string;
  reason: "empty";
}

export interface Duplicate {
  id: string;
  sameAs: string;
}

export function prepareEntrants(answers: readonly CandidateAnswer[]): EntrantPlan {
  const excluded: Excluded[] = [];
  const entrants: EntrantInput[] = [];
  // Sorted by id: which twin represents a duplicate group must not depend on query order.
  for (const a of [...answers].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    if (normaliseText(a.text).length === 0) excluded.push({ id: a.id, reason: "empty" });
    else entrants.push({ id: a.id, key: textHash(a.text) });
  }
  const firstByKey = new Map<string, string>();
  const duplicates: Duplicate[] = [];
  for (const e of entrants) {
    const rep = firstByKey.get(e.key!);
    if (rep === undefined) firstByKey.set(e.key!, e.id);
    else duplicates.push({ id: e.id, sameAs: rep });
  }
  if (firstByKey.size === 0) return { kind: "none", excluded, duplicates };
  if (firstByKey.size === 1) return { kind: "single", winner: [...firstByKey.values()][0]!, excluded, duplicates };
  return { kind: "play", entrants, excluded };
}

/** Number of entrants that would actually play (distinct non-empty answers). */
export function distinctEntrantCount(answers: readonly CandidateAnswer[]): number {
  return new Set(answers.filter((a) => normaliseText(a.text).length > 0).map((a) => textHash(a.text))).size;
}
