/**
 * How much does the judge API cost on top of the model, and how close is it to a bare reward server?
 *
 * One run, side by side, against the judge service a trainer calls by default (`npm run serve:judge`,
 * started here as `npm start` starts it; own database and queue prefix, real Postgres and Redis):
 *  1. overhead: batches of 64 items, both orders (128 judgements), one request at a time, judged
 *     (a) in-process by calling the backend directly and (b) through HTTP (auth, validation, model
 *     resolution, in-process + Redis caches, micro-batching, call log). Unique items every time, so no
 *     cache hits. The backend is the embedded ONNX demo GenRM when one exists under DATA_DIR/models
 *     (`npm start` / the seed trains it), else the test double "deterministic" with a fixed cost per
 *     call standing in for it (--cost-ms, default 220 ms ≈ 128 judgements at context 256, measured on a 2-core VM).
 *     `--backend embedded|deterministic` forces one. overhead_ratio = HTTP p50 / in-process p50 (goal ≤ 1.15).
 *  2. throughput, per route (/api/v1/judge and /get_reward): the "zero-cost" test double (constant
 *     answers, no work), 16 concurrent clients sending unique batches of 64 in one order, everything on
 *     (auth per request, caches, call log). The same load, in the same run, against the FLOOR: a bare
 *     node:http server (bench/lib/floor-server.mjs) that only parses the request and answers zeros.
 *     Before it, unmeasured unique load fills the service's verdict LRU: the steady state of a service
 *     that has run for a while (from empty, the route measured first also paid for filling it).
 *     ratio_to_floor = ours / floor (the lower of the two routes; goal ≥ 0.5). The load generator
 *     (bench/lib/load-client.ts: keep-alive node:http, a body template stamped per request) runs in this
 *     process, on the same cores as the servers; other work on the machine lowers both alike.
 *  3. latency: p50 / p99 of the HTTP batch-64 requests of (1), and of the zero-cost load of (2).
 * `--via-web` also measures the web app's URLs (built and started here), which forward to the service.
 * `--cpu-prof DIR` writes a CPU profile of the judge service to DIR (open it in Chrome DevTools).
 * Usage: npm run bench:api [-- --samples 60 --seconds 8 --clients 16 --backend auto|embedded|deterministic --cost-ms 220]
 * Last line: {"overhead_ratio", "zero_cost_judgments_per_s", "p50_ms", "p99_ms", "floor_judgments_per_s",
 * "ratio_to_floor", "zero_cost_p99_ms", ...}.
 */
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { judgeBothOrders } from "../genrm/debias";
import { DeterministicBackend } from "../genrm/backends/fake/deterministic";
import { EmbeddedBackend } from "../genrm/backends/embedded/embedded-backend";
import type { JudgeBackend } from "../genrm/types";
import { TEMPLATE_VERSION } from "../genrm/template";
import { createTestEnv } from "../tests/helpers/test-db";
import { freePort } from "../tests/helpers/judge-fixtures";
import { buildWeb, root, startJudgeService, startWeb, waitForHttp, type Spawned } from "../scripts/lib/platform";
import { db } from "../core/db/client";
import { createApiKey } from "../core/auth/api-keys";
import { servingConfig } from "../core/env";
import { bodyTemplate, runLoad, type BodyTemplate } from "./lib/load-client";
import { childPids, machineBusyUs, treeCpuUs } from "./lib/process-cpu";

const args = new Map<string, string>();
process.argv.slice(2).forEach((a, i, all) => a.startsWith("--") && args.set(a.slice(2), all[i + 1]!));
const SAMPLES = Number(args.get("samples") ?? 60);
const SECONDS = Number(args.get("seconds") ?? 8);
const CLIENTS = Number(args.get("clients") ?? 16);
const BATCH = 64;
const COST_MS = Number(args.get("cost-ms") ?? 220);
const BACKEND = args.get("backend") ?? "auto";
const VIA_WEB = process.argv.includes("--via-web");
const CPU_PROF = args.get("cpu-prof");

/** The demo embedded GenRM (a folder with model.onnx + config.json under DATA_DIR/models), newest first. */
function findEmbeddedModel(): string | null {
  const root = path.resolve(process.env.DATA_DIR ?? "var", "models");
  if (!existsSync(root)) return null;
  const dirs = readdirSync(root)
    .map((d) => path.join(root, d))
    .filter((d) => existsSync(path.join(d, "model.onnx")) && existsSync(path.join(d, "config.json")))
    .sort((a, b) => Number(path.basename(b).startsWith("demo-")) - Number(path.basename(a).startsWith("demo-")) || statSync(b).mtimeMs - statSync(a).mtimeMs);
  return dirs[0] ?? null;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const fmt = (x: number, d = 1) => x.toFixed(d);

/** Realistic-length unique items: a question, a ~600-character answer and reference. */
function batch(tag: string, n = BATCH) {
  const filler = "The answer considers the question carefully, explains each step and gives an example. ".repeat(7);
  return Array.from({ length: n }, (_, i) => ({ prompt: `Question ${tag}-${i}: explain the idea in plain words.`, response: `${filler} Candidate ${tag}-${i}.`, reference: `${filler} Reference ${tag}-${i}.` }));
}

/** The same items as an OpenRLHF request: query = prompt + response, the reference as the label. */
function rewardBody(tag: string) {
  const items = batch(tag);
  return { query: items.map((x) => x.prompt + x.response), prompts: items.map((x) => x.prompt), labels: items.map((x) => x.reference) };
}

type Route = "judge" | "get_reward";
const PATHS: Record<Route, string> = { judge: "/api/v1/judge", get_reward: "/get_reward" };

/** The floor server as its own process (like the judge service), so it does not share the load generator's event loop. */
async function startFloor(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, [path.join(root, "bench/lib/floor-server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const m = /floor ready (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill("SIGTERM") };
}

interface Load {
  perS: number;
  requests: number;
  lat: number[];
  /** The server's own CPU time per request (user + system, all its processes), µs: what the machine's other work does not inflate much. */
  cpuUsPerRequest: number;
  /** The whole machine's busy CPU per request, µs: server, load generator, Postgres and Redis together. */
  machineUsPerRequest: number;
}


async function main() {
  const t = await createTestEnv("apibench");
  const children: Spawned[] = [];
  const serviceEnv = {
    DATABASE_URL: t.databaseUrl,
    QUEUE_PREFIX: t.queuePrefix,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    NODE_ENV: "production",
    LOG_REQUESTS: "0",
    GENRM_ALLOW_TEST_BACKENDS: "1",
  };
  const judgePort = await freePort();
  const url = `http://127.0.0.1:${judgePort}`;
  const profArgs = [...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [])];
  children.push(startJudgeService(judgePort, serviceEnv, (l) => console.error(l), "127.0.0.1", profArgs));
  let webUrl: string | null = null;
  if (VIA_WEB) {
    buildWeb((s) => console.error(s));
    const webPort = await freePort();
    webUrl = `http://127.0.0.1:${webPort}`;
    children.push(startWeb(webPort, { ...serviceEnv, JUDGE_SERVICE_URL: url }));
  }
  const floor = await startFloor();
  try {
    await waitForHttp(`${url}/healthz`, 60_000);
    if (webUrl) await waitForHttp(`${webUrl}/api/v1/openapi.json`, 60_000);
    const user = await db().user.create({ data: { email: `bench-${randomBytes(3).toString("hex")}@bench.local`, name: "Bench", role: "researcher" } });
    const { key } = await createApiKey({ kind: "user", userId: user.id, role: "researcher", email: user.email, name: user.name }, { name: "bench", scopes: ["judge"] });
    const model = (backend: string, version: number, config: object, status: "candidate" | "active" = "candidate") =>
      db().genrmModel.create({ data: { version, name: `bench-${backend}`, backend, kind: "external", config, templateVersion: TEMPLATE_VERSION, status } });
    const embeddedDir = BACKEND === "deterministic" ? null : findEmbeddedModel();
    if (BACKEND === "embedded" && !embeddedDir) throw new Error("no embedded model under DATA_DIR/models (run npm start or the seed first)");
    if (embeddedDir) {
      await db().genrmModel.create({ data: { version: 1, name: "bench-embedded", backend: "embedded", kind: "tiny", artifactUri: embeddedDir, config: {}, templateVersion: TEMPLATE_VERSION, status: "candidate" } });
    } else await model("deterministic", 1, { latencyMs: COST_MS });
    const backendName = embeddedDir ? `embedded ONNX (${path.basename(embeddedDir)})` : `deterministic stand-in, ${COST_MS} ms/call`;
    // The zero-cost model is the active one: /get_reward (which names no model) judges with it.
    await model("zero-cost", 2, {}, "active");

    const post = async (base: string, route: Route, body: object, query = "") => {
      const started = performance.now();
      const res = await fetch(`${base}${PATHS[route]}${query}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as { results?: unknown[]; rewards?: unknown[]; error?: string };
      if (res.status !== 200) throw new Error(`${base}${PATHS[route]}: HTTP ${res.status}: ${json.error}`);
      return performance.now() - started;
    };
    const judge = (body: object) => post(url, "judge", body);
    // Warm up: open pools, build the serving stacks, let V8 optimise.
    for (let i = 0; i < 20; i++) {
      await judge({ model: 1, items: batch(`warm${i}`) });
      await judge({ model: 2, items: batch(`warmz${i}`), bothOrders: false });
      await post(url, "get_reward", rewardBody(`warmr${i}`), "?bothOrders=0");
      await post(floor.url, "judge", { items: batch(`warmf${i}`) });
    }

    // 1. in-process vs HTTP, one request at a time, interleaved so drift hits both alike.
    const direct: JudgeBackend = embeddedDir ? await EmbeddedBackend.load(embeddedDir) : new DeterministicBackend({ latencyMs: COST_MS });
    const inProc: number[] = [];
    const http: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const items = batch(`s${i}`).map((x) => ({ prompt: x.prompt, candidate: x.response, reference: x.reference }));
      const t0 = performance.now();
      await judgeBothOrders(direct, items);
      inProc.push(performance.now() - t0);
      http.push(await judge({ model: 1, items: batch(`h${i}`) }));
    }
    const ratio = quantile(http, 0.5) / quantile(inProc, 0.5);

    // 2. zero-cost throughput under concurrency, ours and the floor, per route: the light generator
    // (bench/lib/load-client.ts), unique batches from a template stamped per request.
    const templates: Record<Route, (tag: string) => BodyTemplate> = {
      judge: (tag) => bodyTemplate((slot) => ({ model: 2, bothOrders: false, items: batch(tag).map((x, i) => ({ ...x, prompt: `${x.prompt} ${slot(i)}` })) })),
      get_reward: (tag) =>
        bodyTemplate((slot) => {
          const body = rewardBody(tag);
          return { ...body, query: body.query.map((q, i) => `${q} ${slot(i)}`) };
        }),
    };
    const countOf: Record<Route, (reply: unknown) => number> = {
      judge: (r) => (r as { results: unknown[] }).results.length,
      get_reward: (r) => (r as { rewards: unknown[] }).rewards.length,
    };
    const routeLoad = (base: string, route: Route, tag: string, seconds: number) =>
      runLoad({
        url: `${base}${PATHS[route]}${route === "get_reward" ? "?bothOrders=0" : ""}`,
        headers: { authorization: `Bearer ${key}` },
        template: templates[route](tag),
        clients: CLIENTS,
        seconds,
        expectCount: countOf[route],
        items: BATCH,
      });
    const load = async (base: string, route: Route, tag: string, serverPid: number | null): Promise<Load> => {
      const cpu0 = serverPid ? treeCpuUs(serverPid) : NaN;
      const machine0 = machineBusyUs();
      const run = await routeLoad(base, route, tag, SECONDS);
      return { perS: (run.requests * BATCH) / (run.elapsedMs / 1000), requests: run.requests, lat: run.lat, cpuUsPerRequest: serverPid ? (treeCpuUs(serverPid) - cpu0) / run.requests : NaN, machineUsPerRequest: (machineBusyUs() - machine0) / run.requests };
    };
    // Steady state first: a judge service that has run for a while holds a full verdict LRU, and every
    // insert then evicts. Measured from empty, the route measured first paid for filling it (the Map
    // growing to its size) and read 15–20 % slower than the same route measured second. Both routes
    // judge with the same model, so one fill serves both; its judgements are unique like the measured ones.
    const cacheEntries = servingConfig().GENRM_LOCAL_CACHE_ENTRIES;
    const fillStarted = performance.now();
    let filled = 0;
    for (let round = 0; filled < 1.1 * cacheEntries && round < 40; round++) {
      const run = await routeLoad(url, round % 2 === 0 ? "judge" : "get_reward", `fill${round}`, 1.5);
      filled += run.requests * BATCH;
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const judgePid = children[0]!.child.pid!;
    const judgeProcesses = Math.max(1, childPids(judgePid).length);
    const floorJudge = await load(floor.url, "judge", "fj", floor.pid);
    const oursJudge = await load(url, "judge", "zj", judgePid);
    const floorReward = await load(floor.url, "get_reward", "fr", floor.pid);
    const oursReward = await load(url, "get_reward", "zr", judgePid);
    const viaWeb = webUrl ? { judge: await load(webUrl, "judge", "wj", null), get_reward: await load(webUrl, "get_reward", "wr", null) } : null;
    const ratioJudge = oursJudge.perS / floorJudge.perS;
    const ratioReward = oursReward.perS / floorReward.perS;

    console.log("\nGenRM judge API — batch 64, judge service (the URL trainers get from npm start)");
    console.log(`backend for the overhead comparison: ${backendName}; judge service: ${judgeProcesses} process(es) (its default here), floor: 1`);
    console.log(`steady state: the judge service's verdict cache (${cacheEntries.toLocaleString("en")} entries) was filled first with ${filled.toLocaleString("en")} unique judgements (${fillSeconds.toFixed(1)} s), so both routes are measured as a long-running service runs`);
    console.log("measure                                        p50 ms   p99 ms   mean ms   judgements/s   server CPU ms/request   machine CPU ms/request");
    const row = (name: string, xs: number[], load?: Load) =>
      console.log(
        `${name.padEnd(45)} ${fmt(quantile(xs, 0.5)).padStart(7)} ${fmt(quantile(xs, 0.99)).padStart(8)} ${fmt(xs.reduce((a, b) => a + b, 0) / xs.length).padStart(9)} ${load ? String(Math.round(load.perS)).padStart(14) : ""} ${load ? fmt(load.cpuUsPerRequest / 1000, 2).padStart(23) : ""} ${load ? fmt(load.machineUsPerRequest / 1000, 2).padStart(24) : ""}`,
      );
    row(`in-process backend, both orders`, inProc);
    row(`HTTP, same backend, both orders`, http);
    row(`/api/v1/judge zero-cost, ${CLIENTS} clients`, oursJudge.lat, oursJudge);
    row(`  floor (bare node:http), same load`, floorJudge.lat, floorJudge);
    row(`/get_reward zero-cost, ${CLIENTS} clients`, oursReward.lat, oursReward);
    row(`  floor (bare node:http), same load`, floorReward.lat, floorReward);
    if (viaWeb) {
      row(`web app /api/v1/judge (forwarded)`, viaWeb.judge.lat, viaWeb.judge);
      row(`web app /get_reward (forwarded)`, viaWeb.get_reward.lat, viaWeb.get_reward);
    }
    console.log(`\noverhead ratio (HTTP p50 / in-process p50): ${fmt(ratio, 3)}  (goal ≤ 1.15)`);
    console.log(`HTTP overhead per request at p50: ${fmt(quantile(http, 0.5) - quantile(inProc, 0.5))} ms`);
    console.log(`ratio to the floor: /api/v1/judge ${fmt(ratioJudge, 3)}, /get_reward ${fmt(ratioReward, 3)}  (goal ≥ 0.5)`);
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(" / ")} (other work on the machine inflates every number)`);
    const worstP99 = Math.max(quantile(oursJudge.lat, 0.99), quantile(oursReward.lat, 0.99));
    console.log(`zero-cost throughput: /api/v1/judge ${Math.round(oursJudge.perS)}, /get_reward ${Math.round(oursReward.perS)} judgements/s (${CLIENTS} clients, ${SECONDS} s each)  (goal ≥ 60000/s, p99 ≤ 30 ms)`);
    const r1 = (x: number) => Number(x.toFixed(1));
    console.log(
      JSON.stringify({
        overhead_ratio: Number(ratio.toFixed(3)),
        zero_cost_judgments_per_s: Math.round(Math.min(oursJudge.perS, oursReward.perS)),
        p50_ms: r1(quantile(http, 0.5)),
        p99_ms: r1(quantile(http, 0.99)),
        floor_judgments_per_s: Math.round(Math.min(floorJudge.perS, floorReward.perS)),
        ratio_to_floor: Number(Math.min(ratioJudge, ratioReward).toFixed(3)),
        zero_cost_p99_ms: r1(worstP99),
        warm_cache_judgements: filled,
        judge_judgments_per_s: Math.round(oursJudge.perS),
        judge_floor_judgments_per_s: Math.round(floorJudge.perS),
        judge_ratio_to_floor: Number(ratioJudge.toFixed(3)),
        judge_p50_ms: r1(quantile(oursJudge.lat, 0.5)),
        judge_p99_ms: r1(quantile(oursJudge.lat, 0.99)),
        get_reward_judgments_per_s: Math.round(oursReward.perS),
        get_reward_floor_judgments_per_s: Math.round(floorReward.perS),
        get_reward_ratio_to_floor: Number(ratioReward.toFixed(3)),
        get_reward_p50_ms: r1(quantile(oursReward.lat, 0.5)),
        get_reward_p99_ms: r1(quantile(oursReward.lat, 0.99)),
        zero_cost_p50_ms: r1(Math.max(quantile(oursJudge.lat, 0.5), quantile(oursReward.lat, 0.5))),
        ...(viaWeb
          ? { web_judge_judgments_per_s: Math.round(viaWeb.judge.perS), web_get_reward_judgments_per_s: Math.round(viaWeb.get_reward.perS), web_p99_ms: r1(Math.max(quantile(viaWeb.judge.lat, 0.99), quantile(viaWeb.get_reward.lat, 0.99))) }
          : {}),
        judge_server_cpu_ms_per_request: Number((oursJudge.cpuUsPerRequest / 1000).toFixed(3)),
        get_reward_server_cpu_ms_per_request: Number((oursReward.cpuUsPerRequest / 1000).toFixed(3)),
        floor_server_cpu_ms_per_request: Number((floorJudge.cpuUsPerRequest / 1000).toFixed(3)),
        judge_machine_cpu_ms_per_request: Number((oursJudge.machineUsPerRequest / 1000).toFixed(3)),
        get_reward_machine_cpu_ms_per_request: Number((oursReward.machineUsPerRequest / 1000).toFixed(3)),
        floor_machine_cpu_ms_per_request: Number((floorJudge.machineUsPerRequest / 1000).toFixed(3)),
        judge_processes: judgeProcesses,
        in_process_p50_ms: r1(quantile(inProc, 0.5)),
        backend: embeddedDir ? "embedded" : "deterministic",
        backend_cost_ms: embeddedDir ? null : COST_MS,
        samples: SAMPLES,
        clients: CLIENTS,
        cores: availableParallelism(),
        load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
  } finally {
    floor.stop();
    await Promise.all(children.map((c) => c.stop()));
    await t.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
