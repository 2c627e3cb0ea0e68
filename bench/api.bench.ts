/**
 * How much does the judge API cost on top of the model, and how fast can it go?
 *
 * One run, side by side, against a production build of the web app (own database and queue prefix,
 * real Postgres and Redis):
 *  1. overhead: batches of 64 items, both orders (128 judgements), one request at a time, judged
 *     (a) in-process by calling the backend directly and (b) through HTTP (auth, validation, model
 *     resolution, in-process + Redis caches, micro-batching, call log). Unique items every time, so no
 *     cache hits. The backend is the embedded ONNX demo GenRM when one exists under DATA_DIR/models
 *     (`npm start` / the seed trains it), else the test double "deterministic" with a fixed cost per
 *     call standing in for it (--cost-ms, default 220 ms ≈ 128 judgements at context 256, stack.md).
 *     `--backend embedded|deterministic` forces one. overhead_ratio = HTTP p50 / in-process p50 (goal ≤ 1.15).
 *  2. throughput: the "zero-cost" test double (constant answers, no work), 16 concurrent clients
 *     sending unique batches of 64 in one order: judgements per second through HTTP (goal ≥ 5,000/s
 *     on 2 cores). The load generator runs in this process, on the same cores as the server.
 *  3. latency: p50 / p99 of the HTTP batch-64 requests of (1).
 * Usage: npm run bench:api [-- --samples 60 --seconds 8 --clients 16 --backend auto|embedded|deterministic --cost-ms 220]
 * Last line: {"overhead_ratio", "zero_cost_judgments_per_s", "p50_ms", "p99_ms", ...}.
 */
import { randomBytes } from "node:crypto";
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
import { buildWeb, startWeb, waitForHttp } from "../scripts/lib/platform";
import { db } from "../core/db/client";
import { createApiKey } from "../core/auth/api-keys";

const args = new Map<string, string>();
process.argv.slice(2).forEach((a, i, all) => a.startsWith("--") && args.set(a.slice(2), all[i + 1]!));
const SAMPLES = Number(args.get("samples") ?? 60);
const SECONDS = Number(args.get("seconds") ?? 8);
const CLIENTS = Number(args.get("clients") ?? 16);
const BATCH = 64;
const COST_MS = Number(args.get("cost-ms") ?? 220);
const BACKEND = args.get("backend") ?? "auto";

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

async function main() {
  const t = await createTestEnv("apibench");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  buildWeb((s) => console.error(s));
  const web = startWeb(port, {
    DATABASE_URL: t.databaseUrl,
    QUEUE_PREFIX: t.queuePrefix,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    NODE_ENV: "production",
    LOG_REQUESTS: "0",
    GENRM_ALLOW_TEST_BACKENDS: "1",
  });
  try {
    await waitForHttp(`${url}/api/v1/openapi.json`, 60_000);
    const user = await db().user.create({ data: { email: `bench-${randomBytes(3).toString("hex")}@bench.local`, name: "Bench", role: "researcher" } });
    const { key } = await createApiKey({ kind: "user", userId: user.id, role: "researcher", email: user.email, name: user.name }, { name: "bench", scopes: ["judge"] });
    const model = (backend: string, version: number, config: object) =>
      db().genrmModel.create({ data: { version, name: `bench-${backend}`, backend, kind: "external", config, templateVersion: TEMPLATE_VERSION, status: "candidate" } });
    const embeddedDir = BACKEND === "deterministic" ? null : findEmbeddedModel();
    if (BACKEND === "embedded" && !embeddedDir) throw new Error("no embedded model under DATA_DIR/models (run npm start or the seed first)");
    if (embeddedDir) {
      await db().genrmModel.create({ data: { version: 1, name: "bench-embedded", backend: "embedded", kind: "tiny", artifactUri: embeddedDir, config: {}, templateVersion: TEMPLATE_VERSION, status: "candidate" } });
    } else await model("deterministic", 1, { latencyMs: COST_MS });
    const backendName = embeddedDir ? `embedded ONNX (${path.basename(embeddedDir)})` : `deterministic stand-in, ${COST_MS} ms/call`;
    await model("zero-cost", 2, {});

    const judge = async (body: object) => {
      const started = performance.now();
      const res = await fetch(`${url}/api/v1/judge`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as { results?: unknown[]; error?: string };
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${json.error}`);
      return performance.now() - started;
    };
    // Warm up: first requests compile routes, open pools, build the serving stacks.
    for (let i = 0; i < 5; i++) {
      await judge({ model: 1, items: batch(`warm${i}`) });
      await judge({ model: 2, items: batch(`warmz${i}`), bothOrders: false });
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

    // 2. zero-cost throughput under concurrency.
    let judged = 0;
    let requests = 0;
    const zeroLat: number[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; performance.now() < deadline; i++) {
          zeroLat.push(await judge({ model: 2, bothOrders: false, items: batch(`z${c}-${i}`) }));
          judged += BATCH;
          requests++;
        }
      }),
    );
    const perS = judged / ((performance.now() - t0) / 1000);

    console.log("\nGenRM judge API — batch 64");
    console.log(`backend for the overhead comparison: ${backendName}`);
    console.log("measure                                   p50 ms   p99 ms   mean ms");
    const row = (name: string, xs: number[]) =>
      console.log(`${name.padEnd(40)} ${fmt(quantile(xs, 0.5)).padStart(7)} ${fmt(quantile(xs, 0.99)).padStart(8)} ${fmt(xs.reduce((a, b) => a + b, 0) / xs.length).padStart(9)}`);
    row(`in-process backend, both orders`, inProc);
    row(`HTTP, same backend, both orders`, http);
    row(`HTTP, zero-cost, ${CLIENTS} clients, one order`, zeroLat);
    console.log(`\noverhead ratio (HTTP p50 / in-process p50): ${fmt(ratio, 3)}  (goal ≤ 1.15)`);
    console.log(`HTTP overhead per request at p50: ${fmt(quantile(http, 0.5) - quantile(inProc, 0.5))} ms`);
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(" / ")} (other work on the machine inflates every number)`);
    console.log(`zero-cost throughput: ${Math.round(perS)} judgements/s (${requests} requests in ${SECONDS} s, ${CLIENTS} clients)  (goal ≥ 5000/s)`);
    console.log(
      JSON.stringify({
        overhead_ratio: Number(ratio.toFixed(3)),
        zero_cost_judgments_per_s: Math.round(perS),
        p50_ms: Number(quantile(http, 0.5).toFixed(1)),
        p99_ms: Number(quantile(http, 0.99).toFixed(1)),
        in_process_p50_ms: Number(quantile(inProc, 0.5).toFixed(1)),
        zero_cost_p50_ms: Number(quantile(zeroLat, 0.5).toFixed(1)),
        zero_cost_p99_ms: Number(quantile(zeroLat, 0.99).toFixed(1)),
        backend: embeddedDir ? "embedded" : "deterministic",
        backend_cost_ms: embeddedDir ? null : COST_MS,
        samples: SAMPLES,
        clients: CLIENTS,
        cores: availableParallelism(),
        load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
  } finally {
    await web.stop();
    await t.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
