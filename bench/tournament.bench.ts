/**
 * Which tournament format finds the best answer for the fewest GenRM calls?
 *
 * Simulation: N candidates with Bradley-Terry log-strengths ~ Normal(0, 1); each judgement says "first
 * is better" iff s_first − s_second + 0.5 (shown-first bonus) + Logistic(0, 1) noise > 0, so a random
 * pair is judged right ~70 % of the time and the top two of 16 barely better than a coin. Judge calls
 * count individual judgements. Every method sees the same strengths in a trial (paired comparison);
 * each has its own judge noise stream.
 *
 * Methods: round_robin (every pair once, both orders: N(N−1) judgements), swiss (⌈log2 N⌉+1 rounds of
 * both-order games, standings tie-breaks), single_elim (seeded knockout, both-order games), and ours
 * (see oursConfig: one one-order Swiss round, then expected-improvement duels against the
 * Bradley-Terry leader until the leader is clear, a per-judgement Bradley-Terry fit with the shown-first
 * advantage estimated).
 * The goal (issue 6): ours within 1 point of round robin's top-1 (paired difference) at ≤ 1/3 of its
 * calls (mean per tournament); the bench prints the paired difference with its SE per N.
 *
 * Usage: npm run bench:tournament [-- --trials 2500 --n 8,16,32 --noise 1 --bias 0.5 --sd 1 --workers 2
 *   --seed-offset 0 --stop-risk 0.77 --cap-factor 2.2]
 * Trials are split over child processes (one per core, at most 2); results do not depend on how many,
 * since every trial has its own seeds. --seed-offset K runs trials K.. instead of 0..: an independent
 * set of strengths and judge noise, to check that a result is not an artefact of one seed set.
 * Last line: one JSON object {"results":[{n, method, judge_calls (mean), judge_calls_p90, judge_calls_max,
 * top1 (percent), top1_se}]}.
 */

import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import {
  Rng,
  runRoundRobin,
  runSingleElimination,
  runSwissTournament,
  type Judge,
  type SwissConfig,
} from "../tournaments/index";
import { drawStrengths, simulatedJudge, type SimParams } from "./lib/tournament-sim";

const args = new Map<string, string>();
process.argv.slice(2).forEach((a, i, all) => a.startsWith("--") && args.set(a.slice(2), all[i + 1]));
const TRIALS = Number(args.get("trials") ?? 2500);
/** Trial t uses seeds of trial t + SEED_OFFSET: another offset = a fresh, independent set of trials. */
const SEED_OFFSET = Number(args.get("seed-offset") ?? 0);
const WORKERS = Math.max(1, Number(args.get("workers") ?? Math.min(2, availableParallelism())));
const SIZES = (args.get("n") ?? "8,16,32").split(",").map(Number);
const PARAMS: SimParams = {
  strengthSd: Number(args.get("sd") ?? 1),
  positionBias: Number(args.get("bias") ?? 0.5),
  noiseScale: Number(args.get("noise") ?? 1),
};

/**
 * `ours`: one Swiss round (every entrant judged once), then adaptive duels — the Bradley-Terry leader
 * against the challenger with the largest expected improvement E[(θ_i − θ_L)⁺] — until the leader is
 * clear: risk = Σ_i P(θ_i > θ_L) (the expected number of entrants stronger than the leader under the
 * Laplace posterior) below STOP_RISK, or a cap of CAP_FACTOR × ⌊N(N−1)/3⌋ judgements. So the judgements
 * a tournament spends vary: a clear field stops after a few duels, a close one gets more; the goal's
 * "≤ 1/3 of round robin's calls" is on the mean per tournament (the table also shows p90 and max).
 * One judgement per game (shown-first side balanced); every Bradley-Terry fit is per judgement with the
 * judge's shown-first advantage estimated alongside, and its prior (precision 1) matches the
 * simulation's log-strength ~ Normal(0, 1). The winner is the top of the final fit over all judgements.
 * --stop-risk 0 turns the stop off: then every tournament spends exactly ⌊N(N−1)/3⌋.
 */
const STOP_RISK = Number(args.get("stop-risk") ?? 0.77);
const CAP_FACTOR = Number(args.get("cap-factor") ?? 2.2);

export function oursConfig(n: number, seed: number): SwissConfig {
  const budget = Math.floor((n * (n - 1)) / 3);
  const stops = STOP_RISK > 0;
  const cap = stops ? Math.floor(budget * CAP_FACTOR) : budget;
  const rounds = 1;
  return {
    seed,
    rounds,
    gameMode: "one-order",
    strengthModel: "judgements",
    // the judge's logit is (Δs + bias)/noiseScale, so strengths in fit units have sd strengthSd/noiseScale
    prior: (PARAMS.noiseScale / PARAMS.strengthSd) ** 2,
    contender: [
      {
        kind: "adaptive",
        select: "expected-improvement",
        maxGames: cap - rounds * Math.floor(n / 2),
        ...(stops ? { stopRisk: STOP_RISK } : {}),
        perRound: Math.max(1, Math.floor(n / 8)),
        // The simulated judge draws fresh noise per call, so replaying a close pair is informative.
        // (With a deterministic, cached GenRM leave rematches off: a replay returns the same verdicts.)
        rematches: true,
      },
    ],
  };
}

type Method = { name: string; run: (ids: string[], judge: Judge, seed: number, n: number) => Promise<string> };

const METHODS: Method[] = [
  { name: "round_robin", run: async (ids, judge, seed) => (await runRoundRobin(ids, judge, { seed })).winner },
  {
    name: "swiss",
    run: async (ids, judge, seed, n) =>
      // plain Swiss: the standings leader (score, direct encounter, Buchholz cut-1, SB, BT)
      (await runSwissTournament(ids, judge, { seed, rounds: Math.ceil(Math.log2(n)) + 1, contender: [] })).standings[0].id,
  },
  { name: "single_elim", run: async (ids, judge, seed) => (await runSingleElimination(ids, judge, { seed })).winner },
  { name: "ours", run: async (ids, judge, seed, n) => (await runSwissTournament(ids, judge, oursConfig(n, seed))).winner! },
];

interface Row {
  n: number;
  method: string;
  calls: number;
  callsP90: number;
  callsMax: number;
  top1: number;
  se: number;
  /** Per-trial 1/0 hits, for paired differences. */
  hits: number[];
}

/** One trial of every method at size n: hit (1/0) and judge calls per method. */
async function runTrial(n: number, trial: number): Promise<{ hit: number; calls: number }[]> {
  const t = trial + SEED_OFFSET;
  const strengths = drawStrengths(n, PARAMS.strengthSd, Rng.fromSeed(`strengths-${n}-${t}`));
  const ids = strengths.map((_, i) => `c${i}`);
  const best = ids[strengths.indexOf(Math.max(...strengths))];
  const byId = new Map(ids.map((id, i) => [id, strengths[i]]));
  const out: { hit: number; calls: number }[] = [];
  for (const m of METHODS) {
    const judge = simulatedJudge(byId, PARAMS, Rng.fromSeed(`judge-${n}-${t}-${m.name}`));
    const winner = await m.run(ids, judge, t, n);
    out.push({ hit: winner === best ? 1 : 0, calls: judge.calls() });
  }
  return out;
}

type Shard = Record<number, { t: number; res: { hit: number; calls: number }[] }[]>;

async function runShard(worker: number, workers: number): Promise<Shard> {
  const shard: Shard = {};
  for (const n of SIZES) {
    shard[n] = [];
    for (let t = worker; t < TRIALS; t += workers) shard[n].push({ t, res: await runTrial(n, t) });
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
  for (const n of SIZES) all[n] = shards.flatMap((sh) => sh[n]).sort((x, y) => x.t - y.t);
  return all;
}

function summarise(n: number, trials: Shard[number]): Row[] {
  return METHODS.map((m, k) => {
    const hits = trials.map((x) => x.res[k].hit);
    const p = mean(hits);
    const perTrial = trials.map((x) => x.res[k].calls).sort((a, b) => a - b);
    const calls = mean(perTrial);
    const callsP90 = perTrial[Math.min(perTrial.length - 1, Math.ceil(0.9 * perTrial.length) - 1)];
    return { n, method: m.name, calls, callsP90, callsMax: perTrial[perTrial.length - 1], top1: 100 * p, se: 100 * Math.sqrt((p * (1 - p)) / hits.length), hits };
  });
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Paired difference a − b in points, with its standard error. */
function pairedDiff(a: number[], b: number[]): { diff: number; se: number } {
  const d = a.map((x, i) => x - b[i]);
  const m = mean(d);
  const v = d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1);
  return { diff: 100 * m, se: 100 * Math.sqrt(v / d.length) };
}

async function main() {
  const t0 = Date.now();
  console.log(
    `Tournament benchmark: ${TRIALS} trials per N on ${WORKERS} process(es); log-strength ~ Normal(0, ${PARAMS.strengthSd}), ` +
      `shown-first bonus ${PARAMS.positionBias}, logistic noise scale ${PARAMS.noiseScale}` +
      `; ours stops when the leader is clear (${STOP_RISK > 0 ? `risk < ${STOP_RISK}, cap ${CAP_FACTOR}× ⌊N(N−1)/3⌋` : "off: fixed ⌊N(N−1)/3⌋"})` +
      `${SEED_OFFSET ? `; seed offset ${SEED_OFFSET}` : ""}; baselines play both orders, ours one judgement per game.`,
  );
  const all = await runAll();
  const rows = SIZES.flatMap((n) => summarise(n, all[n]));
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  console.log("");
  console.log(
    `${"N".padStart(3)}  ${"method".padEnd(12)} ${pad("judge calls", 11)} ${pad("vs RR", 6)} ${pad("p90", 5)} ${pad("max", 5)} ${pad("top-1 % ± SE", 14)}`,
  );
  for (const r of rows) {
    const rr = rows.find((x) => x.n === r.n && x.method === "round_robin")!;
    console.log(
      `${pad(r.n, 3)}  ${r.method.padEnd(12)} ${pad(r.calls.toFixed(1), 11)} ${pad((r.calls / rr.calls).toFixed(2), 6)} ${pad(r.callsP90, 5)} ${pad(r.callsMax, 5)} ${pad(`${r.top1.toFixed(1)} ± ${r.se.toFixed(1)}`, 14)}`,
    );
  }
  console.log("");
  for (const n of SIZES) {
    const rr = rows.find((x) => x.n === n && x.method === "round_robin")!;
    const ours = rows.find((x) => x.n === n && x.method === "ours")!;
    const { diff, se } = pairedDiff(ours.hits, rr.hits);
    const cheap = ours.calls <= rr.calls / 3;
    const close = diff >= -1;
    console.log(
      `goal N=${n}: ours − round_robin = ${diff >= 0 ? "+" : ""}${diff.toFixed(1)} ± ${se.toFixed(1)} points (paired SE) ` +
        `with ${(ours.calls / rr.calls).toFixed(2)}× its judge calls (mean) → ${cheap && close ? "met" : "NOT met"}`,
    );
  }
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s wall)`);
  console.log(
    JSON.stringify({
      results: rows.map((r) => ({
        n: r.n,
        method: r.method,
        judge_calls: Number(r.calls.toFixed(1)),
        judge_calls_p90: r.callsP90,
        judge_calls_max: r.callsMax,
        top1: Number(r.top1.toFixed(1)),
        top1_se: Number(r.se.toFixed(1)),
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
