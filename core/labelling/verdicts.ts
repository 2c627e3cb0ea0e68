/**
 * From what the annotator saw (left / same / right) to what is stored (A/B or better/same/worse),
 * using the side order recorded for the assignment. vs_reference: A is the candidate, B the reference,
 * and the verdict is about the candidate.
 */
export type Choice = "left" | "same" | "right";
export type StoredVerdict = "a" | "b" | "tie" | "better" | "same" | "worse";

export function toStoredVerdict(choice: Choice, shownLeft: "a" | "b", mode: "pairwise" | "vs_reference"): StoredVerdict {
  const winner = choice === "same" ? "tie" : choice === "left" ? shownLeft : shownLeft === "a" ? "b" : "a";
  if (mode === "pairwise") return winner;
  return winner === "a" ? "better" : winner === "b" ? "worse" : "same";
}
