/**
 * Group-relative advantages, as GRPO computes them: each rollout's reward minus the mean reward of
 * its group, divided by the group's standard deviation (plus `eps`). A group holds rollouts that
 * differ only in what the policy is learning, so whatever makes one prompt or one answer pay more
 * than another cancels inside the group, and what is left is the effect of the learnt habit. The
 * division makes the step size independent of how many reward points the habit is worth: a judge
 * that pays a little but consistently for a habit teaches it as surely as one that pays a lot (the
 * way GRPO amplifies small, systematic judge biases). `eps` is a floor in reward units: differences
 * well below it (numerical noise of an unbiased judge) stay small instead of being blown up to ±1.
 * A group of one, or of equal rewards, has zero advantage. Pure.
 */
export function groupAdvantages(rewards: readonly number[], groups: readonly (string | number)[], eps: number): number[] {
  const members = new Map<string | number, number[]>();
  groups.forEach((g, i) => {
    const m = members.get(g);
    if (m) m.push(i);
    else members.set(g, [i]);
  });
  const out = new Array<number>(rewards.length).fill(0);
  for (const idx of members.values()) {
    if (idx.length < 2) continue;
    const mean = idx.reduce((s, i) => s + rewards[i]!, 0) / idx.length;
    const sd = Math.sqrt(idx.reduce((s, i) => s + (rewards[i]! - mean) ** 2, 0) / idx.length);
    for (const i of idx) out[i] = (rewards[i]! - mean) / (sd + eps);
  }
  return out;
}
