/**
 * Which of the product's tournament modes finds a prompt's best answer, for how many GenRM calls?
 *
 * The methods are the exact engine configs the start form produces: `toSwissConfig` of
 * core/tournaments/tournament-config.ts, fed the form's defaults (`default`) and its other modes, next
 * to a round robin baseline. The judge is like the product's cached GenRM: deterministic per ordered
 * pair (asking the same question again returns the same verdict), with ties, a cache in front, and
 * `judge_calls` = the distinct questions asked. Every method in a trial sees the same strengths and the
 * same per-pair verdicts (paired comparison). See bench/lib/tournament-sim.ts for the four conditions
 * (logistic/probit noise, no/strong shown-first bias, narrow/wide strength spread). Nothing about a
 * condition is given to a method: the modes use the product's defaults, and the shown-first advantage
 * is estimated from the games played.
 *
 * Methods:
 * - round_robin: every pair, BOTH orders (N(N−1) judgements — everything the cached judge can say),
 *   ranked by the Swiss standings (score, direct encounter, Buchholz, Sonneborn-Berger, Bradley-Terry).
 * - default: the form untouched (contender "default").
 * - until_clear: the form's "duels until the leader is clear" with its pre-filled values.
 * - swiss: the form's "none" (⌈log2 N⌉ both-order Swiss rounds, then Bradley-Terry).
 * The goal: default within 1 point of round robin's top-1 (paired difference) at ≤ 1/3 of its calls
 * (mean per tournament), in every condition.
 *
 * Usage: npm run bench:tournament [-- --trials K --n 8,16,32 --workers 2 --seed-offset 0 --quick
 *   --methods default,swiss --condition logit-bias-narrow]
 * --quick: 40 trials, N = 8,9 (the smoke test). --seed-offset K: trials K.. (a held-out seed set).
 * Last line: {"results":[{n, method, condition, judge_calls (mean), top1 (percent), top1_se,
 * diff_vs_rr, diff_se, judge_calls_p90, judge_calls_max}]}.
 */

import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Rng, runRoundRobin, runSwissTournament, type Judge, type SwissConfig } from "../tournaments/index";
import { toSwissConfig, tournamentConfigInput } from "../core/tournaments/tournament-config";
import { CONDITIONS, cachedDeterministicJudge, drawStrengths, type Condition } from "./lib/tournament-sim";

const args = new Map<string, string>();
process.argv.slice(2).forEach((a, i, all) => a.startsWith("--") && args.set(a.slice(2), all[i + 1]?.startsWith("--") ? "" : (all[i + 1] ?? "")));
const QUICK = args.has("quick");
/** Trials per condition and N: enough that the paired SE is ≤ 1.5 points (discordant trials are rarer
 * at large N, and large N costs more per trial). --trials K sets all. */
const trialsFor = (n: number) => Number(args.get("trials") || (QUICK ? 40 : n <= 8 ? 1500 : n <= 16 ? 1000 : 600));
const SEED_OFFSET = Number(args.get("seed-offset") || 0);
const WORKERS = Math.max(1, Number(args.get("workers") || Math.min(2, availableParallelism())));
const SIZES = (args.get("n") || (QUICK ? "8,9" : "8,16,32")).split(",").map(Number);
const ONLY = args.get("condition") || "";
const CONDS = ONLY ? CONDITIONS.filter((c) => ONLY.split(",").includes(c.name)) : CONDITIONS;

/** What the start form sends when only the contender stage is picked (its pre-filled values). */
const FORM = {
  default: tournamentConfigInput.parse({}),
  until_clear: tournamentConfigInput.parse({ contender: { kind: "until-clear", maxGames: 16, stopRisk: 0.8 } }),
  swiss: tournamentConfigInput.parse({ contender: { kind: "none" } }),
};

interface Outcome {
  winner: string;
  /** The result's P(winner is the best) under the fit (null for round robin). */
  confidence: number | null;
}

type Method = { name: string; run: (ids: string[], judge: Judge, seed: number) => Promise<Outcome> };

const product = (config: (typeof FORM)[keyof typeof FORM]) => async (ids: string[], judge: Judge, seed: number): Promise<Outcome> => {
  const swiss: SwissConfig = toSwissConfig(config, 1, `prompt-${seed}`, ids.length);
  const r = await runSwissTournament(ids, judge, swiss);
  return { winner: r.winner!, confidence: r.confidence ?? null };
};

const ALL_METHODS: Method[] = [
  { name: "round_robin", run: async (ids, judge, seed) => ({ winner: (await runRoundRobin(ids, judge, { seed })).winner, confidence: null }) },
  { name: "default", run: product(FORM.default) },
  { name: "until_clear", run: product(FORM.until_clear) },
  { name: "swiss", run: product(FORM.swiss) },
];

/** --methods a,b: only these (round_robin always runs: the paired baseline). */
const METHODS = args.get("methods")
  ? ALL_METHODS.filter((m) => m.name === "round_robin" || args.get("methods")!.split(",").includes(m.name))
  : ALL_METHODS;

interface TrialResult {
  hit: number;
  calls: number;
  confidence: number | null;
}

async function runTrial(c: Condition, n: number, trial: number): Promise<TrialResult[]> {
  const t = trial + SEED_OFFSET;
  const strengths = drawStrengths(n, c.strengthSd, Rng.fromSeed(`strengths-${c.name}-${n}-${t}`));
  const ids = strengths.map((_, i) => `c${i}`);
  const best = ids[strengths.indexOf(Math.max(...strengths))];
  const byId = new Map(ids.map((id, i) => [id, strengths[i]]));
  const out: TrialResult[] = [];
  for (const m of METHODS) {
    const judge = cachedDeterministicJudge(byId, c, `judge-${c.name}-${n}-${t}`);
    const r = await m.run(ids, judge, t);
    out.push({ hit: r.winner === best ? 1 : 0, calls: judge.calls(), confidence: r.confidence });
  }
  return out;
}

type Shard = Record<string, { t: number; res: TrialResult[] }[]>;
const cellKey = (c: Condition, n: number) => `${c.name}/${n}`;

async function runShard(worker: number, workers: number): Promise<Shard> {
  const shard: Shard = {};
  for (const c of CONDS) {
    for (const n of SIZES) {
      const k = cellKey(c, n);
      shard[k] = [];
      for (let t = worker; t < trialsFor(n); t += workers) shard[k].push({ t, res: await runTrial(c, n, t) });
    }
  }
  return shard;
}

async function runAll(): Promise<Shard> {
  if (WORKERS === 1) return runShard(0, 1);
  const script = fileURLToPath(import.meta.url);
  const shards = await Promise.all(
    Array.from(
      { length: WORKERS },
      (_, w) =>
        new Promise<Shard>((resolve, reject) => {
          const child = fork(script, [...process.argv.slice(2), "--shard", `${w}/${WORKERS}`], { execArgv: process.execArgv });
          let got = false;
          child.on("message", (m) => {
            got = true;
            resolve(m as Shard);
          });
          child.on("error", reject);
          child.on("exit", (code) => !got && reject(new Error(`bench worker ${w} exited (${code}) without results`)));
        }),
    ),
  );
  const all: Shard = {};
  for (const k of Object.keys(shards[0])) all[k] = shards.flatMap((sh) => sh[k]).sort((x, y) => x.t - y.t);
  return all;
}

interface Row {
  condition: string;
  n: number;
  method: string;
  calls: number;
  callsP90: number;
  callsMax: number;
  top1: number;
  se: number;
  diff: number;
  diffSe: number;
  meanConfidence: number | null;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Paired difference a − b in points, with its standard error. */
function pairedDiff(a: number[], b: number[]): { diff: number; se: number } {
  const d = a.map((x, i) => x - b[i]);
  const m = mean(d);
  const v = d.length > 1 ? d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1) : 0;
  return { diff: 100 * m, se: 100 * Math.sqrt(v / d.length) };
}

function summarise(c: Condition, n: number, trials: Shard[string]): Row[] {
  const rrHits = trials.map((x) => x.res[0].hit);
  return METHODS.map((m, k) => {
    const hits = trials.map((x) => x.res[k].hit);
    const p = mean(hits);
    const calls = trials.map((x) => x.res[k].calls).sort((a, b) => a - b);
    const conf = trials.map((x) => x.res[k].confidence).filter((x): x is number => x !== null);
    const { diff, se } = pairedDiff(hits, rrHits);
    return {
      condition: c.name,
      n,
      method: m.name,
      calls: mean(calls),
      callsP90: calls[Math.min(calls.length - 1, Math.ceil(0.9 * calls.length) - 1)],
      callsMax: calls[calls.length - 1],
      top1: 100 * p,
      se: 100 * Math.sqrt((p * (1 - p)) / hits.length),
      diff,
      diffSe: se,
      meanConfidence: conf.length ? mean(conf) : null,
    };
  });
}

async function main() {
  const t0 = Date.now();
  console.log(
    `Tournament benchmark: ${SIZES.map((n) => `${trialsFor(n)} trials at N=${n}`).join(", ")} per condition, on ${WORKERS} process(es); judge deterministic per ordered pair ` +
      `(cached; calls = distinct questions), with ties; round robin plays both orders${SEED_OFFSET ? `; seed offset ${SEED_OFFSET}` : ""}.`,
  );
  for (const c of CONDS) {
    console.log(`  ${c.name}: strengths ~ Normal(0, ${c.strengthSd}), ${c.noise} noise, shown-first bias ${c.positionBias}, tie if |margin| < ${c.tieBand}`);
  }
  const all = await runAll();
  const rows = CONDS.flatMap((c) => SIZES.map((n) => ({ c, n }))).flatMap(({ c, n }) => summarise(c, n, all[cellKey(c, n)]));
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  let met = true;
  for (const c of CONDS) {
    console.log("");
    console.log(`${c.name}`);
    console.log(`${"N".padStart(3)}  ${"method".padEnd(12)} ${pad("calls", 7)} ${pad("vs RR", 6)} ${pad("p90", 5)} ${pad("max", 5)} ${pad("top-1 %", 8)} ${pad("− RR (paired) ± SE", 19)} ${pad("mean conf", 9)}`);
    for (const r of rows.filter((x) => x.condition === c.name)) {
      const rr = rows.find((x) => x.condition === c.name && x.n === r.n && x.method === "round_robin")!;
      const d = r.method === "round_robin" ? "" : `${r.diff >= 0 ? "+" : ""}${r.diff.toFixed(1)} ± ${r.diffSe.toFixed(1)}`;
      console.log(
        `${pad(r.n, 3)}  ${r.method.padEnd(12)} ${pad(r.calls.toFixed(1), 7)} ${pad((r.calls / rr.calls).toFixed(2), 6)} ${pad(r.callsP90, 5)} ${pad(r.callsMax, 5)} ${pad(r.top1.toFixed(1), 8)} ${pad(d, 19)} ${pad(r.meanConfidence === null ? "" : r.meanConfidence.toFixed(2), 9)}`,
      );
    }
  }
  console.log("");
  for (const r of rows.filter((x) => x.method === "default")) {
    const rr = rows.find((x) => x.condition === r.condition && x.n === r.n && x.method === "round_robin")!;
    const ok = r.diff >= -1 && r.calls <= rr.calls / 3;
    met &&= ok;
    console.log(
      `goal ${r.condition} N=${r.n}: default − round_robin = ${r.diff >= 0 ? "+" : ""}${r.diff.toFixed(1)} ± ${r.diffSe.toFixed(1)} points ` +
        `at ${(r.calls / rr.calls).toFixed(2)}× its calls → ${ok ? "met" : "NOT met"}`,
    );
  }
  console.log(`all goals ${met ? "met" : "NOT met"} (${((Date.now() - t0) / 1000).toFixed(1)} s wall)`);
  console.log(
    JSON.stringify({
      results: rows.map((r) => ({
        n: r.n,
        method: r.method,
        condition: r.condition,
        judge_calls: Number(r.calls.toFixed(1)),
        top1: Number(r.top1.toFixed(1)),
        top1_se: Number(r.se.toFixed(1)),
        diff_vs_rr: Number(r.diff.toFixed(2)),
        diff_se: Number(r.diffSe.toFixed(2)),
        judge_calls_p90: r.callsP90,
        judge_calls_max: r.callsMax,
        ...(r.meanConfidence !== null ? { mean_confidence: Number(r.meanConfidence.toFixed(3)) } : {}),
      })),
    }),
  );
}

const shardArg = args.get("shard");
if (shardArg) {
  const [w, of] = shardArg.split("/").map(Number);
  const shard = await runShard(w, of);
  // disconnect only once the (large) message is flushed, or it can be lost
  process.send!(shard, undefined, {}, () => process.disconnect());
} else {
  await main();
}
