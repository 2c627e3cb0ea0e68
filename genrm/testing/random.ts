/** Seeded randomness for property-style tests (no dependency): mulberry32. Test helper only. */
import type { JudgeItem, VerdictProbs } from "../types";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random distribution, sometimes with exact zeros and exact ties. */
export function randomProbs(r: () => number): VerdictProbs {
  const pick = () => (r() < 0.15 ? 0 : r() < 0.1 ? 0.5 : r());
  let w = { better: pick(), same: pick(), worse: pick() };
  if (w.better + w.same + w.worse === 0) w = { better: 1, same: 0, worse: 0 };
  const s = w.better + w.same + w.worse;
  return { better: w.better / s, same: w.same / s, worse: w.worse / s };
}

const WORDS = ["alpha", "beta", "4", "the answer", "Katze 🐈", "東京", "", "\n", "a longer sentence with words"];

export function randomText(r: () => number, maxWords = 12): string {
  const n = Math.floor(r() * maxWords);
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(" ");
}

export function randomItem(r: () => number): JudgeItem {
  return { prompt: randomText(r), reference: randomText(r), candidate: randomText(r) };
}
