/**
 * Length-bias detector benchmark (npm run bench:bias).
 *
 * Many seeded simulated RL runs — clean runs (real improvement, some with a genuine "reasoning" jump
 * where accuracy and length rise together) and hacked runs (padding from a known onset, accuracy flat)
 * at several strengths — fed step by step into the online monitor with its DEFAULT config. Prints the
 * detection delay (first alert step − onset step), detection rate and clean-run false-alarm rate, and as
 * the last line one JSON object.
 *
 * Seeds: `--split report` (default) uses seeds disjoint from `--split tuning`, on which the detector
 * defaults were chosen. Run parameters are drawn per seed from wide ranges (below), not fixed.
 * Prompts and answer text come from ../shared/data/alpaca_eval when present (synthetic otherwise).
 *
 * Options: --split report|tuning · --clean N (default 600) · --hacked N per strength (default 100)
 *          --config '<DetectorConfigInput JSON>' · --grid '[<config>, ...]' (tuning: one line per config)
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createBiasMonitor,
  createLengthBiasedReward,
  createRng,
  resolveDetectorConfig,
  evaluateDetectors,
  simulateSteps,
  type Alert,
  type DetectorConfigInput,
  type PromptSource,
  type SimulatorConfigInput,
  type StepSummary,
} from "../monitoring/index";

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const split = arg("split", "report");
if (split !== "report" && split !== "tuning") throw new Error("--split must be report or tuning");
const SEED_BASE = split === "report" ? 20_000_000 : 10_000;
const N_CLEAN = Number(arg("clean", "600"));
const N_HACKED_PER_STRENGTH = Number(arg("hacked", "100"));
const STRENGTHS = [0.05, 0.1, 0.2];
const STEPS = 60;
const ONSET = [20, 40] as const;
/** Padding that starts inside the detectors' 12-step warm-up, at the slowest strength: the CUSUM takes it for the run's own pace. */
const EARLY_ONSET = [2, 8] as const;
const EARLY_STRENGTH = 0.05;
const detectorConfig: DetectorConfigInput = JSON.parse(arg("config", "{}"));

function loadPrompts(): PromptSource[] | null {
  const file = fileURLToPath(new URL("../../shared/data/alpaca_eval/gpt4_1106_preview.json", import.meta.url));
  if (!existsSync(file)) return null;
  const rows = JSON.parse(readFileSync(file, "utf8")) as { instruction: string; output: string }[];
  return rows.map((r) => ({ prompt: r.instruction, response: r.output }));
}

interface Scenario {
  seed: number;
  sim: SimulatorConfigInput;
  beta: number;
  strength: number | null;
  onset: number | null;
}

/** Per-run parameters, drawn from wide ranges so defaults cannot fit one configuration. */
function scenario(seed: number, strength: number | null, prompts: PromptSource[] | null, onsets: readonly [number, number] = ONSET): Scenario {
  const r = createRng(seed).fork(99);
  const u = (lo: number, hi: number) => lo + (hi - lo) * r.next();
  const accuracyStart = u(0.2, 0.5);
  const onset = strength === null ? null : onsets[0] + r.int(onsets[1] - onsets[0] + 1);
  const jump =
    strength === null && r.next() < 0.3
      ? { step: 15 + r.int(35), size: u(0.08, 0.15), lengthGain: u(0.1, 0.3), duration: 3 + r.int(4) }
      : null;
  return {
    seed,
    strength,
    onset,
    beta: u(0.1, 0.4),
    sim: {
      seed,
      steps: STEPS,
      batchSize: [256, 512, 1024][r.int(3)],
      reportedSamples: 64,
      baseLength: u(400, 2000),
      lengthSpread: u(0.4, 0.9),
      accuracyStart,
      accuracyEnd: accuracyStart + u(0.1, 0.35),
      accuracyTimescale: u(15, 80),
      lengthPerAccuracy: u(0, 1),
      driftStd: u(0.005, 0.015),
      mode: strength === null ? "clean" : "hacking",
      hack: { onsetStep: onset ?? 1, strength: strength ?? 0 },
      accuracyJump: jump,
      prompts,
    },
  };
}

interface Outcome {
  sc: Scenario;
  first: Alert | null;
  firstAfterOnset: Alert | null;
  preOnset: boolean;
}

interface SimulatedRun {
  sc: Scenario;
  summaries: StepSummary[];
  /** alerts as the online monitor emitted them, step by step */
  online: Alert[];
}

/** Feeds the run into the online monitor as a trainer would, one step report at a time. */
async function simulate(sc: Scenario): Promise<SimulatedRun> {
  const monitor = createBiasMonitor(detectorConfig);
  const reward = createLengthBiasedReward({ seed: sc.seed + 1, beta: sc.beta, referenceLength: 1200 });
  const online: Alert[] = [];
  for await (const { report } of simulateSteps(sc.sim, reward)) online.push(...monitor.ingest(report));
  return { sc, summaries: [...monitor.summaries()], online };
}

function outcome(sc: Scenario, alerts: Alert[]): Outcome {
  const sorted = [...alerts].sort((a, b) => a.step - b.step);
  const onset = sc.onset ?? Infinity;
  return {
    sc,
    first: sorted[0] ?? null,
    firstAfterOnset: sorted.find((a) => a.step >= onset) ?? null,
    preOnset: sorted.some((a) => a.step < onset),
  };
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const q90 = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1] : null);
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : "–");
const fmt = (x: number | null) => (x === null ? "–" : String(x));
/** Wilson 95 % interval for k successes out of n, in percent */
const wilson = (k: number, n: number) => {
  const z = 1.96;
  const p = k / n;
  const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return `${(100 * Math.max(0, c - h)).toFixed(1)}–${(100 * (c + h)).toFixed(1)} %`;
};
/** delay = first alert at or after onset − onset step (0 = flagged at the onset step itself) */
const delaysOf = (os: Outcome[]) =>
  os.filter((o) => o.firstAfterOnset).map((o) => (o.firstAfterOnset as Alert).step - (o.sc.onset as number));
const byDetector = (os: Outcome[], pick: (o: Outcome) => Alert | null) =>
  `${os.filter((o) => pick(o)?.detector === "length_growth_cusum").length}/` +
  `${os.filter((o) => pick(o)?.detector === "length_drift").length}/` +
  `${os.filter((o) => pick(o)?.detector === "reward_length_coupling").length}`;

async function main() {
  const t0 = performance.now();
  const prompts = loadPrompts();
  const cleanRuns: SimulatedRun[] = [];
  for (let i = 0; i < N_CLEAN; i++) cleanRuns.push(await simulate(scenario(SEED_BASE + i, null, prompts)));
  const hackedRuns: SimulatedRun[] = [];
  let s = 0;
  for (const strength of STRENGTHS) {
    for (let i = 0; i < N_HACKED_PER_STRENGTH; i++) {
      hackedRuns.push(await simulate(scenario(SEED_BASE + 1_000_000 + s++, strength, prompts)));
    }
  }
  const earlyRuns: SimulatedRun[] = [];
  for (let i = 0; i < N_HACKED_PER_STRENGTH; i++) earlyRuns.push(await simulate(scenario(SEED_BASE + 2_000_000 + i, EARLY_STRENGTH, prompts, EARLY_ONSET)));
  if (args.includes("--grid")) return grid(cleanRuns, hackedRuns);
  const clean = cleanRuns.map((r) => outcome(r.sc, r.online));
  const hacked = hackedRuns.map((r) => outcome(r.sc, r.online));
  const early = earlyRuns.map((r) => outcome(r.sc, r.online));

  console.log(`Length-bias detectors on simulated RL runs — split "${split}" (seeds from ${SEED_BASE});`);
  console.log(`detector defaults were tuned on split "tuning" (seeds from 10000), disjoint from "report".`);
  console.log(
    `${N_CLEAN} clean + ${hacked.length} hacked runs, ${STEPS} steps, onset ${ONSET[0]}–${ONSET[1]}, ` +
      `batch 256/512/1024, 64 reported samples, text from ${prompts ? "AlpacaEval answers" : "synthetic prompts"}` +
      (args.includes("--config") ? `, config ${JSON.stringify(detectorConfig)}` : ""),
  );
  console.log("delay = first alert step − onset step; pre-onset alarm = a hacked run alerted before its onset");
  console.log("");
  const header = ["strength (+ln len/step)", "runs", "detected", "median delay", "p90 delay", "pre-onset alarm", "first: surge/drift/coupling"];
  const widths = [26, 6, 10, 14, 11, 17, 22];
  const line = (cells: string[]) => console.log(cells.map((c, i) => c.padEnd(widths[i])).join("").trimEnd());
  line(header);
  const row = (label: string, os: Outcome[]) => {
    const d = delaysOf(os);
    const pre = os.filter((o) => o.preOnset).length;
    line([label, String(os.length), pct(d.length, os.length), fmt(median(d)), fmt(q90(d)), pct(pre, os.length), byDetector(os, (o) => o.firstAfterOnset)]);
  };
  for (const st of STRENGTHS) row(`${st} (≈${(100 * (Math.exp(st) - 1)).toFixed(0)} %/step)`, hacked.filter((o) => o.sc.strength === st));
  row("all hacked", hacked);
  row(`${EARLY_STRENGTH} from step ${EARLY_ONSET[0]}–${EARLY_ONSET[1]}`, early);
  console.log(`  (the last row: padding that starts inside the ${resolveDetectorConfig(detectorConfig).lengthGrowth.warmupSteps}-step warm-up, not in "all hacked" nor in the JSON's main keys)`);

  const falseAlarms = clean.filter((o) => o.first);
  const jump = clean.filter((o) => o.sc.sim.accuracyJump);
  const smooth = clean.filter((o) => !o.sc.sim.accuracyJump);
  console.log("");
  line(["clean runs", "runs", "alarmed", "95 % interval", "", "", "first: surge/drift/coupling"]);
  line(["smooth improvement", String(smooth.length), pct(smooth.filter((o) => o.first).length, smooth.length), "", "", "", byDetector(smooth, (o) => o.first)]);
  line(["with a genuine jump", String(jump.length), pct(jump.filter((o) => o.first).length, jump.length), "", "", "", byDetector(jump, (o) => o.first)]);
  line(["all clean", String(clean.length), pct(falseAlarms.length, clean.length), wilson(falseAlarms.length, clean.length), "", "", byDetector(clean, (o) => o.first)]);
  console.log("");
  console.log("first false alarms:");
  for (const o of falseAlarms.slice(0, 4)) console.log(`  seed ${o.sc.seed}: ${o.first?.message}`);
  const delays = delaysOf(hacked);
  console.log(`wall time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(
    JSON.stringify({
      median_delay_steps: median(delays),
      false_alarm_rate: Number((falseAlarms.length / clean.length).toFixed(4)),
      detection_rate: Number((delays.length / hacked.length).toFixed(4)),
      early_onset_detection_rate: Number((delaysOf(early).length / early.length).toFixed(4)),
      early_onset_median_delay_steps: median(delaysOf(early)),
    }),
  );
}

/**
 * --grid '[{...}, ...]': re-evaluates the same simulated runs under alternative detector configs (batch
 * evaluation equals the online monitor's result by construction). Used with --split tuning to choose
 * the defaults; one line per config.
 */
function grid(cleanRuns: SimulatedRun[], hackedRuns: SimulatedRun[]) {
  const configs: DetectorConfigInput[] = JSON.parse(arg("grid", "[]"));
  for (const cfg of configs) {
    const clean = cleanRuns.map((r) => outcome(r.sc, evaluateDetectors(r.summaries, cfg)));
    const hacked = hackedRuns.map((r) => outcome(r.sc, evaluateDetectors(r.summaries, cfg)));
    const per = STRENGTHS.map((st) => {
      const os = hacked.filter((o) => o.sc.strength === st);
      const d = delaysOf(os);
      return `${st}:${median(d)}/${(d.length / os.length).toFixed(2)}`;
    }).join(" ");
    const d = delaysOf(hacked);
    console.log(
      `FA ${(clean.filter((o) => o.first).length / clean.length).toFixed(3)} ` +
        `pre ${(hacked.filter((o) => o.preOnset).length / hacked.length).toFixed(3)} ` +
        `med ${median(d)} det ${(d.length / hacked.length).toFixed(3)} [strength:median/detected ${per}] ${JSON.stringify(cfg)}`,
    );
  }
}

await main();
