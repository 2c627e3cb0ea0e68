/**
 * Helpers for building comparisons: a seeded random stream (reproducible sampling), a stable A/B order for a pair
 * (so no model sits systematically in slot A, and regenerating gives the same comparison), and an
 * order-free pair key (so a pair is never created twice, in either order).
 */
import { createHash } from "node:crypto";
import { createRng } from "../../genrm/demo-task/rng";

/** A uniform [0, 1) stream from `seed` (genrm's mulberry32); seed 0 is remapped, as comparisons were always drawn. */
export function seededRandom(seed: number): () => number {
  return createRng(seed >>> 0 || 0x9e3779b9).next;
}

export const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/** [A, B] for two responses, decided by a hash of their content keys (independent of argument order). */
export function stableOrder<T extends { key: string }>(x: T, y: T): [T, T] {
  const [lo, hi] = x.key < y.key ? [x, y] : [y, x];
  const bit = createHash("sha256").update(`${lo.key}|${hi.key}`).digest()[0]! & 1;
  return bit ? [hi, lo] : [lo, hi];
}

export function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
