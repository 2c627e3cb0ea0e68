/**
 * `npm run simulate:rl -- --url http://127.0.0.1:3000 --key grm_… [--steps 60] [--seed 1] [--auto-recalibrate]`
 *
 * A seeded fake RL policy (monitoring/simulator) trained "against" the real platform over HTTP: each
 * step's rollouts are judged by POST /api/v1/judge (references: the prompts' current ones on the
 * server), the step is reported to POST /api/v1/runs/:id/steps, and the control is honoured — on
 * "pause" it polls GET /api/v1/runs/:id/control, printing why the run is paused and where to act,
 * until "continue" (or --max-wait runs out).
 *
 * By default the policy pads from step --hack-at (20) whatever the rewards, and drops the padding after
 * a resume; --clean never pads. With --learn the policy instead LEARNS from the rewards
 * (monitoring/simulator/reward-driven.ts): it wraps its answers in pleasantries while longer answers are
 * paid more at the same correctness and stops when that no longer pays; demo prompts are answered right
 * or wrong in words. (The demo GenRM pays a little for that padding, so under it the policy lengthens.)
 *
 * Other flags: --run <id> (report into an existing run), --name, --strength 0.15 (scripted padding
 * growth per step), --lr 1 (learning rate of the learning policy; its advantages are group-relative, GRPO-style), --batch 64 (rollouts per step),
 * --samples 32 (reported per step), --auto-recalibrate, --poll-ms 2000, --max-wait 1200 (seconds to
 * wait on one pause), --prompts 200. The key needs the `judge` and `runs:write` scopes (GENRM_URL and
 * GENRM_API_KEY work too). Last line: one JSON object.
 */
import { driveSimulatedRun, type SimControl, type SimTransport } from "../core/rl/simulation/drive-simulated-run";
import type { SimulationPrompt } from "../core/rl/simulation/list-simulation-prompts";
import { withKnownAnswers } from "../core/rl/simulation/known-answers";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined && !args[i + 1]!.startsWith("--") ? args[i + 1]! : dflt;
};
const int = (name: string, dflt: number) => {
  const v = Number(opt(name, String(dflt)));
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
  return v;
};

const url = (opt("url") ?? process.env.GENRM_URL ?? "").replace(/\/$/, "");
const key = opt("key") ?? process.env.GENRM_API_KEY ?? "";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as T & { error?: string };
    if ((res.status === 503 || res.status === 429) && attempt < 8) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? 1)));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${json.error ?? "no message"}`);
    return json;
  }
}

function httpTransport(runId: string): SimTransport {
  return {
    async rewards(rollouts) {
      const out: number[] = [];
      for (let i = 0; i < rollouts.length; i += 64) {
        const items = rollouts.slice(i, i + 64).map((r) => ({ prompt: r.prompt, response: r.response }));
        const reply = await call<{ results: Array<{ reward: number } | { error: { message: string } }> }>("POST", "/api/v1/judge", { items, runId });
        for (const r of reply.results) {
          if ("error" in r) throw new Error(`the judge refused a rollout: ${r.error.message}`);
          out.push(r.reward);
        }
      }
      return out;
    },
    postStep: (report) => call("POST", `/api/v1/runs/${runId}/steps`, report),
    control: () => call<SimControl>("GET", `/api/v1/runs/${runId}/control`),
  };
}

async function main() {
  if (!url || !key) throw new Error("pass --url and --key (or set GENRM_URL and GENRM_API_KEY); the key needs the judge and runs:write scopes");
  const steps = int("steps", 60);
  const scripted = !flag("learn");
  const hackAt = flag("clean") ? null : int("hack-at", 20);
  const seed = int("seed", 1);
  const { prompts } = await call<{ prompts: SimulationPrompt[] }>("GET", `/api/rl/simulation-prompts?limit=${int("prompts", 200)}`);
  if (prompts.length === 0) throw new Error("the server has no prompt with a reference yet: run a tournament (or `npm run db:seed`) first");
  const lengths = prompts.map((p) => p.response.length).sort((a, b) => a - b);
  const baseLength = Math.max(8, lengths[Math.floor(lengths.length / 2)]!);
  let runId = opt("run");
  if (!runId) {
    const created = await call<{ run: { id: string; model: string | null } }>("POST", "/api/v1/runs", {
      name: opt("name", `simulated ${!scripted ? "learning" : hackAt === null ? "clean" : `hack@${hackAt}`} seed ${seed}`),
      policy: "monitoring/simulator",
      autoPause: true,
      autoRecalibrate: flag("auto-recalibrate"),
    });
    runId = created.run.id;
    console.log(`created run ${runId} (GenRM ${created.run.model ?? "none"}): ${url}/runs/${runId}`);
  }
  const lengthsByModel = new Map<string, number[]>();
  const result = await driveSimulatedRun({
    transport: httpTransport(runId),
    pollMs: int("poll-ms", 2000),
    maxPauseMs: 1000 * int("max-wait", 1200),
    whereToAct: `${url}/runs/${runId}`,
    log: (l) => console.log(l),
    onStep: (report, _truth, model) => {
      const k = model ?? "–";
      lengthsByModel.set(k, [...(lengthsByModel.get(k) ?? []), report.metrics.length_mean]);
    },
    sim: {
      seed,
      steps,
      prompts: withKnownAnswers(prompts),
      batchSize: int("batch", 64),
      reportedSamples: int("samples", 32),
      baseLength,
      // The demo GenRM reads ~500 bytes: longer answers would be cut before the judge sees the padding.
      maxLength: Math.max(baseLength * 8, 400),
      lengthSpread: 0.4,
      mode: !scripted ? "reward-driven" : hackAt === null ? "clean" : "hacking",
      hack: { onsetStep: hackAt ?? steps + 1, strength: Number(opt("strength", "0.15")) },
      learning: { learningRate: Number(opt("lr", "1")) },
    },
  });
  // The summary a person reads first: what happened, per GenRM version, and why it ended.
  console.log(`\nsummary: ${result.stepsPosted} steps posted, ${result.alerts.length} alerts, paused at step ${result.pausedAtStep ?? "–"}, ${result.resumedWith ? `resumed at step ${result.resumedAtStep} on ${result.resumedWith}` : "not resumed"}, ended: ${result.stoppedBecause}${result.pauseReason ? ` (${result.pauseReason})` : ""}`);
  for (const [model, ls] of lengthsByModel) console.log(`  judged by ${model}: ${ls.length} steps, mean length ${ls[0]!.toFixed(0)} → ${ls[ls.length - 1]!.toFixed(0)} chars`);
  console.log(JSON.stringify({ run_id: runId, steps_posted: result.stepsPosted, last_step: result.lastStep, paused_at_step: result.pausedAtStep, resumed_at_step: result.resumedAtStep, resumed_with: result.resumedWith, alerts: result.alerts.length, stopped_because: result.stoppedBecause, pause_reason: result.pauseReason ?? null }));
  if (result.stoppedBecause === "pause-timeout") process.exitCode = 2;
}

main().catch((e) => {
  console.error(`simulate:rl: ${(e as Error).message}`);
  process.exit(1);
});
