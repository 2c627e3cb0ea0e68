/**
 * Judges and generators for the tournament tests (not used by the engine). Every judge here is a
 * deterministic function of each request's content — like a cached GenRM — so a resumed or re-ordered
 * run asks the same questions and gets the same answers.
 */

import { Rng } from "./rng";
import type { Judge, JudgeRequest, VerdictProbs } from "./types";

export const BETTER: VerdictProbs = { better: 1, same: 0, worse: 0 };
export const WORSE: VerdictProbs = { better: 0, same: 0, worse: 1 };
export const SAME: VerdictProbs = { better: 0, same: 1, worse: 0 };

/** Uniform in (0, 1) from a string (cyrb53). */
export function hash01(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const x = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return (x + 0.5) / 9007199254740992;
}

export interface ContentJudgeOptions {
  strengths: ReadonlyMap<string, number>;
  /** Logit bonus for the answer shown first. */
  bias?: number;
  /** Scale of the logistic noise (0 = noise-free). */
  noise?: number;
  /** |logit| below this is judged "same". */
  sameBand?: number;
  seed?: string | number;
  /** Return soft, unnormalised probabilities instead of one-hot verdicts. */
  soft?: boolean;
}

/** Position-biased, noisy judge whose noise is fixed per (first, second): deterministic per request. */
export function contentJudge(o: ContentJudgeOptions): Judge {
  return async (requests) => requests.map((r) => contentVerdict(o, r));
}

export function contentVerdict(o: ContentJudgeOptions, { first, second }: JudgeRequest): VerdictProbs {
  const u = hash01(`${o.seed ?? 0}|${first}|${second}`);
  const z = o.strengths.get(first)! - o.strengths.get(second)! + (o.bias ?? 0) + (o.noise ?? 1) * Math.log(u / (1 - u));
  if (o.soft) {
    const p = 1 / (1 + Math.exp(-z));
    // deliberately not normalised (sums to 3): the engine must normalise
    return { better: 2.4 * p, same: 0.6, worse: 2.4 * (1 - p) };
  }
  if (Math.abs(z) < (o.sameBand ?? 0)) return SAME;
  return z > 0 ? BETTER : WORSE;
}

/**
 * Golden-test judge from a table: for each unordered pair, the id that wins both orders, or
 * "first-shown" (the first-shown answer wins each judgement: the two orders disagree → a draw).
 * Any request for a pair not in the table throws, so a test also pins down who was paired.
 */
export function tableJudge(table: Record<string, string>): Judge & { asked: JudgeRequest[][] } {
  const asked: JudgeRequest[][] = [];
  const judge = async (requests: readonly JudgeRequest[]) => {
    asked.push([...requests]);
    return requests.map(({ first, second }) => {
      const key = [first, second].sort().join("-");
      const rule = table[key];
      if (rule === undefined) throw new Error(`unexpected pairing ${key}`);
      if (rule === "first-shown") return BETTER;
      return rule === first ? BETTER : WORSE;
    });
  };
  return Object.assign(judge, { asked });
}

/** Wraps a judge to count calls and judgements. */
export function counting(judge: Judge): Judge & { calls: number; judgements: number; batches: JudgeRequest[][] } {
  const wrapped = Object.assign(
    async (requests: readonly JudgeRequest[]) => {
      wrapped.calls++;
      wrapped.judgements += requests.length;
      wrapped.batches.push([...requests]);
      return judge(requests);
    },
    { calls: 0, judgements: 0, batches: [] as JudgeRequest[][] },
  );
  return wrapped;
}

export function makeEntrants(n: number, rng: Rng, sd = 1): { ids: string[]; strengths: Map<string, number> } {
  const ids = Array.from({ length: n }, (_, i) => `ans-${String(i).padStart(2, "0")}`);
  return { ids, strengths: new Map(ids.map((id) => [id, sd * rng.normal()])) };
}
