/**
 * Annotation load: how fast do "give me the next comparison" + "here is my label" go through HTTP with
 * many annotators at once?
 *
 * Against a production build of the web app (own database, real Postgres): N annotators (sessions via
 * /api/session) and a dataset of ~2000 pairwise comparisons wanting k=3 labels (AlpacaEval answers
 * when ../shared/data/alpaca_eval exists, so rendering costs are real). Two phases, same 50 clients:
 *  1. saturation — each client loops POST /api/label/next → POST /api/label/assignments/:id/submit with
 *     no think time until LABELS labels are in: the server's capacity (labels_per_s). In a closed loop
 *     latency is not free to vary: latency ≈ clients / request rate (Little's law), so its p95 says how
 *     many requests/s one Node process gets from 2 shared cores, nothing more. Printed, not the headline.
 *  2. paced — the same clients labelling like very fast humans (THINK ms ±50 % between seeing a task and
 *     submitting it; real annotators take 10–60 s on long answers) for PACED seconds: the latency an
 *     annotator feels under 50 people's load. This is the headline p50_ms / p95_ms; goal p95 ≤ 50 ms.
 * Every request's latency is recorded (the load generator runs on the same cores as the server and
 * Postgres). Afterwards the k-overlap is checked: no comparison has more than k labels.
 * Usage: npm run bench:annotate [-- --clients 50 --annotators 50 --comparisons 2000 --labels 3000 --think 2000 --paced 60]
 * Last line: {"p50_ms", "p95_ms" (paced), "labels_per_s" (saturation), "saturation_p95_ms", ...}.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { createTestEnv } from "../tests/helpers/test-db";
import { freePort } from "../tests/helpers/judge-fixtures";
import { createAnnotators, createComparisonDataset } from "../tests/helpers/labelling-fixtures";
import { buildWeb, startWeb, waitForHttp } from "../scripts/lib/platform";
import { db } from "../core/db/client";
import { closeSqlPool } from "../core/db/sql-pool";

const args = new Map<string, string>();
process.argv.slice(2).forEach((a, i, all) => a.startsWith("--") && args.set(a.slice(2), all[i + 1]!));
const CLIENTS = Number(args.get("clients") ?? 50);
const ANNOTATORS = Math.max(CLIENTS, Number(args.get("annotators") ?? 50));
const COMPARISONS = Number(args.get("comparisons") ?? 2000);
const LABELS = Number(args.get("labels") ?? 3000);
const THINK = Number(args.get("think") ?? 2000);
const PACED = Number(args.get("paced") ?? 60);
const K = 3;
const PASSWORD = "bench-password-123";

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! : NaN;
};
const fmt = (x: number, d = 1) => x.toFixed(d);

/** Answer texts: real AlpacaEval outputs when available (length and markdown like production). */
function answerText(): (i: number, side: string) => string {
  const dir = path.resolve(import.meta.dirname, "../../shared/data/alpaca_eval");
  const files = ["gpt4_1106_preview", "claude-3-5-sonnet-20240620", "Llama-3-Instruct-8B-SimPO"].map((m) => path.join(dir, `${m}.json`));
  if (!files.every(existsSync)) return (i, side) => `Answer ${side} to prompt ${i}.\n\n${"Some explanation with **markdown** and `code`. ".repeat(20)}`;
  const outputs = files.map((f) => (JSON.parse(readFileSync(f, "utf8")) as Array<{ output: string }>).map((o) => o.output));
  return (i, side) => outputs["xyz".indexOf(side)]![i % outputs[0]!.length]!;
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

async function main() {
  const t = await createTestEnv("annotatebench");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  buildWeb((s) => console.error(s));
  const web = startWeb(port, { DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, AUTH_SECRET: randomBytes(32).toString("base64url"), NODE_ENV: "production", LOG_REQUESTS: "0" });
  try {
    await waitForHttp(`${url}/signin`, 60_000);
    const annotators = await createAnnotators(ANNOTATORS, "bench", PASSWORD);
    const { datasetId } = await createComparisonDataset(annotators[0]!.userId, { comparisons: COMPARISONS, overlap: K, text: answerText(), name: "annotate bench" });
    await db().$executeRaw`ANALYZE`; // fresh tables: give the planner statistics, as autovacuum would
    const cookies = await Promise.all(annotators.map((a) => signIn(url, a.email)));

    const post = async (cookie: string, p: string, body: unknown) => {
      const t0 = performance.now();
      const res = await fetch(`${url}${p}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });
      const json = (await res.json()) as { task?: { assignmentId: string } | null; error?: string };
      return { ms: performance.now() - t0, status: res.status, json };
    };
    // Warm-up (route compilation, pools, render cache of a few answers); not measured, labels not kept in the count.
    for (let i = 0; i < 5; i++) await post(cookies[i % cookies.length]!, "/api/label/next", { datasetId });

    const errors = new Map<string, number>();
    const bump = (k: string) => errors.set(k, (errors.get(k) ?? 0) + 1);
    /** C clients loop next → (think) → submit until `stop()`; returns latencies and the label count. */
    const phase = async (stop: (labels: number) => boolean, thinkMs: number) => {
      const next: number[] = [];
      const submit: number[] = [];
      let labels = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          const cookie = cookies[c]!;
          if (thinkMs) await new Promise((r) => setTimeout(r, Math.random() * thinkMs)); // spread the starts
          while (!stop(labels)) {
            const n = await post(cookie, "/api/label/next", { datasetId });
            next.push(n.ms);
            if (n.status !== 200) {
              bump(`next ${n.status}: ${n.json.error}`);
              await new Promise((r) => setTimeout(r, 100)); // don't spin on a failing server
              continue;
            }
            if (!n.json.task) return; // nothing left for this annotator
            if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
            const choice = ["left", "same", "right"][Math.floor(Math.random() * 3)];
            const s = await post(cookie, `/api/label/assignments/${n.json.task.assignmentId}/submit`, { choice, strength: 1 + (c % 2), msSpent: 1000 + c });
            submit.push(s.ms);
            if (s.status === 201) labels++;
            else bump(`submit ${s.status}: ${s.json.error}`);
          }
        }),
      );
      return { next, submit, all: [...next, ...submit], labels, seconds: (performance.now() - t0) / 1000 };
    };
    const sat = await phase((n) => n >= LABELS, 0);
    const pacedEnd = performance.now() + PACED * 1000;
    const paced = PACED > 0 ? await phase(() => performance.now() >= pacedEnd, THINK) : null;
    const over = await db().$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM (SELECT l."comparisonId" FROM "Label" l JOIN "Comparison" c ON c.id = l."comparisonId" WHERE c."datasetId" = ${datasetId} GROUP BY l."comparisonId" HAVING count(*) > ${K}) x`;
    const stored = await db().label.count({ where: { comparison: { datasetId } } });
    const { next, submit, all, labels, seconds } = sat;
    const perS = labels / seconds;

    console.log(`\nAnnotation load — ${CLIENTS} concurrent clients (${ANNOTATORS} annotators), ${COMPARISONS} comparisons × k=${K}`);
    console.log("phase / request                        count    p50 ms   p95 ms   p99 ms   max ms");
    const row = (name: string, xs: number[]) =>
      console.log(`${name.padEnd(37)} ${String(xs.length).padStart(6)} ${fmt(quantile(xs, 0.5)).padStart(9)} ${fmt(quantile(xs, 0.95)).padStart(8)} ${fmt(quantile(xs, 0.99)).padStart(8)} ${fmt(Math.max(...xs)).padStart(8)}`);
    row("saturation: POST /api/label/next", next);
    row("saturation: POST …/submit", submit);
    row("saturation: all requests", all);
    if (paced) {
      row(`paced (~${THINK} ms/label): next`, paced.next);
      row(`paced (~${THINK} ms/label): submit`, paced.submit);
      row(`paced (~${THINK} ms/label): all`, paced.all);
    }
    console.log(`\nsaturation: ${labels} labels in ${fmt(seconds)} s = ${fmt(perS)} labels/s` + (paced ? `; paced: ${paced.labels} labels in ${fmt(paced.seconds)} s = ${fmt(paced.labels / paced.seconds)} labels/s` : ""));
    console.log(`stored labels: ${stored}   comparisons over k: ${Number(over[0]!.n)}   errors: ${[...errors].map(([k, v]) => `${v}× ${k}`).join("; ") || "none"}`);
    const littleMs = (1000 * CLIENTS) / ((2 * labels) / seconds);
    console.log(
      `goal p95 ≤ 50 ms at 50 annotators' pace: ${paced ? (quantile(paced.all, 0.95) <= 50 ? "met" : "NOT met") : "not measured (--paced 0)"}` +
        `; at saturation p95 ${fmt(quantile(all, 0.95), 0)} ms (Little's law: ${CLIENTS} clients / ${fmt((2 * labels) / seconds, 0)} requests/s ≈ ${fmt(littleMs, 0)} ms mean)`,
    );
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(" / ")} (server, Postgres and this load generator share the cores)`);
    const headline = paced ?? sat;
    console.log(
      JSON.stringify({
        p50_ms: Number(fmt(quantile(headline.all, 0.5))),
        p95_ms: Number(fmt(quantile(headline.all, 0.95))),
        labels_per_s: Number(fmt(perS)),
        latency_phase: paced ? "paced" : "saturation",
        paced_p99_ms: paced ? Number(fmt(quantile(paced.all, 0.99))) : null,
        paced_next_p95_ms: paced ? Number(fmt(quantile(paced.next, 0.95))) : null,
        paced_submit_p95_ms: paced ? Number(fmt(quantile(paced.submit, 0.95))) : null,
        paced_labels_per_s: paced ? Number(fmt(paced.labels / paced.seconds)) : null,
        saturation_p50_ms: Number(fmt(quantile(all, 0.5))),
        saturation_p95_ms: Number(fmt(quantile(all, 0.95))),
        saturation_p99_ms: Number(fmt(quantile(all, 0.99))),
        saturation_next_p95_ms: Number(fmt(quantile(next, 0.95))),
        saturation_submit_p95_ms: Number(fmt(quantile(submit, 0.95))),
        think_ms: THINK,
        clients: CLIENTS,
        labels,
        comparisons: COMPARISONS,
        overlap_violations: Number(over[0]!.n),
        errors: [...errors.values()].reduce((a, b) => a + b, 0),
        cores: availableParallelism(),
        load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
  } finally {
    await web.stop();
    await closeSqlPool();
    await t.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
