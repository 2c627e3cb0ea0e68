/**
 * The labelling keyboard map: every action has a key, and the same table renders the on-screen hints,
 * so what is shown is what works.
 */
export type LabelAction = "left" | "same" | "right" | "slightly" | "clearly" | "rationale" | "submit" | "skip" | "flag" | "guidelines";

export const KEYS: Record<LabelAction, { keys: string[]; hint: string }> = {
  left: { keys: ["1", "ArrowLeft"], hint: "1 / ←" },
  same: { keys: ["2", "ArrowDown"], hint: "2 / ↓" },
  right: { keys: ["3", "ArrowRight"], hint: "3 / →" },
  slightly: { keys: ["s"], hint: "S" },
  clearly: { keys: ["c"], hint: "C" },
  rationale: { keys: ["r"], hint: "R" },
  submit: { keys: ["Enter"], hint: "Enter" },
  skip: { keys: ["k"], hint: "K" },
  flag: { keys: ["f"], hint: "F" },
  guidelines: { keys: ["g"], hint: "G" },
};

export function actionFor(e: KeyboardEvent): LabelAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  for (const [action, def] of Object.entries(KEYS) as Array<[LabelAction, (typeof KEYS)[LabelAction]]>) {
    if (def.keys.includes(key)) return action;
  }
  return null;
}
