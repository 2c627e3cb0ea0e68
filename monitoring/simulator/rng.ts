/** Seeded PRNG (mulberry32) with normal draws (Box–Muller); the simulator's only source of chance. */

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  normal(): number;
  /** integer in [0, n) */
  int(n: number): number;
  bernoulli(p: number): boolean;
  /** a new independent stream, deterministic in this one's seed and `salt` */
  fork(salt: number): Rng;
}

export function createRng(seed: number): Rng {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | null = null;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(next() * n),
    bernoulli: (p) => next() < p,
    fork: (salt) => createRng(Math.imul(seed + 0x632be5ab, 2654435761) ^ Math.imul(salt + 1, 0x85ebca6b)),
  };
  return rng;
}
