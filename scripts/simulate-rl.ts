/**
 * `npm run simulate:rl -- --url http://127.0.0.1:3000 --key grm_… [--hack-at 20] [--steps 60] [--seed 1]`
 *
 * A seeded fake RL policy (monitoring/simulator) trained "against" the real platform over HTTP: each
 * step's rollouts are judged by POST /api/v1/judge (references: the prompts' current ones on the
 * server), the step is reported to POST /api/v1/runs/:id/steps, and the control is honoured — on
 * "pause" it polls GET /api/v1/runs/:id/control until "continue", then goes on without padding (the
 * recalibrated GenRM no longer pays for it). With --hack-at N the policy pads its answers from step N
 * while its accuracy stays flat; --clean never pads. Watch it on /runs/<id>.
 *
 * Other flags: --run <id> (report into an existing run), --name, --strength 0.15 (padding growth per
 * step), --batch 64 (rollouts per step), --samples 32 (reported per step), --auto-recalibrate,
 * --poll-ms 2000, --prompts 200. The key needs the `judge` and `runs:write` scopes (GENRM_URL and
 * GENRM_API_KEY work too). Last line: one JSON object.
 */
import { driveSimulatedRun, type SimControl, type SimTransport } from "../core/rl/simulation/drive-simulated-run";
import type { SimulationPrompt } from "../core/rl/simulation/list-simulation-prompts";

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
  const hackAt = flag("clean") ? null : int("hack-at", 20);
  const seed = int("seed", 1);
  const { prompts } = await call<{ prompts: SimulationPrompt[] }>("GET", `/api/rl/simulation-prompts?limit=${int("prompts", 200)}`);
  if (prompts.length === 0) throw new Error("the server has no prompt with a reference yet: run a tournament (or `npm run db:seed`) first");
  const lengths = prompts.map((p) => p.response.length).sort((a, b) => a - b);
  const baseLength = Math.max(8, lengths[Math.floor(lengths.length / 2)]!);
  let runId = opt("run");
  if (!runId) {
    const created = await call<{ run: { id: string; model: string | null } }>("POST", "/api/v1/runs", {
      name: opt("name", `simulated ${hackAt === null ? "clean" : `hack@${hackAt}`} seed ${seed}`),
      policy: "monitoring/simulator",
      autoPause: true,
      autoRecalibrate: flag("auto-recalibrate"),
    });
    runId = created.run.id;
    console.log(`created run ${runId} (GenRM ${created.run.model ?? "none"}): ${url}/runs/${runId}`);
  }
  const result = await driveSimulatedRun({
    transport: httpTransport(runId),
    pollMs: int("poll-ms", 2000),
    log: (l) => console.log(l),
    sim: {
      seed,
      steps,
      prompts,
      batchSize: int("batch", 64),
      reportedSamples: int("samples", 32),
      baseLength,
      // The demo GenRM reads ~500 bytes: longer answers would be cut before the judge sees the padding.
      maxLength: Math.max(baseLength * 8, 400),
      lengthSpread: 0.4,
      mode: hackAt === null ? "clean" : "hacking",
      hack: { onsetStep: hackAt ?? steps + 1, strength: Number(opt("strength", "0.15")) },
    },
  });
  console.log(JSON.stringify({ run_id: runId, steps_posted: result.stepsPosted, last_step: result.lastStep, paused_at_step: result.pausedAtStep, resumed_at_step: result.resumedAtStep, resumed_with: result.resumedWith, alerts: result.alerts.length, stopped_because: result.stoppedBecause }));
}

main().catch((e) => {
  console.error(`simulate:rl: ${(e as Error).message}`);
  process.exit(1);
});
