/**
 * `npm run serve:judge`: the judge service (core/judge-service) on JUDGE_PORT (default 3001), JUDGE_HOST
 * (default HOST, else 127.0.0.1); with WEB_APP_URL, other paths pass through to the web app.
 * JUDGE_PROCESSES processes share the port (node:cluster; default one per two cores, up to 4): this primary
 * checks the database, forks them, restarts one that crashes (after a pause that grows while it keeps
 * crashing) and gives up — exit 1, for whoever supervises it — after five crashes within a minute.
 * Run as many of these as you like against one Postgres + Redis.
 * SIGTERM/SIGINT: stop accepting, finish what is in flight, write the call log, close pools, exit 0.
 */
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { env, servingConfig } from "@core/env";
import { explainStartupError } from "@core/preflight";
import { createJudgeServer } from "@core/judge-service/judge-server";
import { flushApiCalls } from "@core/genrm-service/call-log";
import { closeServingPool } from "@core/genrm-service/serving-pool";
import { closeSqlPool, sql } from "@core/db/sql-pool";
import { disconnectDb } from "@core/db/client";
import { closeRedis } from "@core/queue/redis";

const CRASHES_ALLOWED = 5;
const CRASH_WINDOW_MS = 60_000;

function address() {
  const e = env();
  return { port: e.JUDGE_PORT ?? 3001, host: e.JUDGE_HOST ?? e.HOST ?? "127.0.0.1" };
}

/** One serving process: the judge server on the shared port until SIGTERM/SIGINT. */
async function serve(): Promise<void> {
  servingConfig();
  const { port, host } = address();
  const judge = createJudgeServer({ webAppUrl: env().WEB_APP_URL });
  await new Promise<void>((resolve, reject) => {
    judge.server.once("error", reject);
    judge.server.listen(port, host, () => resolve());
  });
  if (cluster.isPrimary) console.log(`judge service ready on http://${host}:${(judge.server.address() as { port: number }).port} (pid ${process.pid})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`judge service${cluster.isWorker ? " process" : ""} stopping (${signal}); ${judge.inFlight()} request(s) in flight (pid ${process.pid})`);
    await judge.close();
    await flushApiCalls();
    await closeServingPool();
    await Promise.all([closeSqlPool(), disconnectDb(), closeRedis()]);
    if (cluster.isPrimary) console.log("judge service stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** The primary of several processes: forks, restarts crashed ones, stops them all on a signal. */
async function supervise(processes: number): Promise<void> {
  const { port, host } = address();
  let stopping = false;
  let listening = 0;
  const crashes: number[] = [];
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", (where) => {
      if (++listening === processes) console.log(`judge service ready on http://${host}:${where.port} (pid ${process.pid}, ${processes} processes)`);
    });
  };
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    if (crashes.length >= CRASHES_ALLOWED) {
      console.error(`✖ judge service process ${worker.process.pid} ${how}: ${crashes.length} crashes within a minute; stopping the judge service`);
      stopAll(1);
      return;
    }
    const pauseMs = 500 * 2 ** (crashes.length - 1);
    console.error(`✖ judge service process ${worker.process.pid} ${how}; the others keep serving; starting another in ${pauseMs / 1000} s`);
    setTimeout(() => !stopping && fork(), pauseMs);
  });
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    console.log(`judge service stopping; ${workers.length} process(es) finishing their requests`);
    let left = workers.length;
    if (left === 0) process.exit(code);
    for (const w of workers) {
      w.once("exit", () => --left === 0 && (console.log("judge service stopped"), process.exit(code)));
      w.process.kill("SIGTERM");
    }
  };
  process.on("SIGTERM", () => stopAll(0));
  process.on("SIGINT", () => stopAll(0));
  console.log(`judge service starting ${processes} processes on port ${port}`);
  for (let i = 0; i < processes; i++) fork();
}

async function main() {
  if (cluster.isWorker) return serve();
  const e = env();
  servingConfig();
  await sql("SELECT 1"); // the database must be reachable before we say we are up
  const processes = e.JUDGE_PROCESSES ?? Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));
  if (processes === 1) return serve();
  await closeSqlPool();
  return supervise(processes);
}

main().catch((error) => {
  console.error(explainStartupError(error));
  process.exit(1);
});
