/**
 * `npm run serve:judge`: the judge service process (core/judge-service) on JUDGE_PORT (default 3001),
 * JUDGE_HOST (default HOST, else 127.0.0.1); with WEB_APP_URL, other paths pass through to the web app.
 * Run as many as you like against one Postgres + Redis.
 * SIGTERM/SIGINT: stop accepting, finish what is in flight, write the call log, close pools, exit 0.
 */
import { env, servingConfig } from "@core/env";
import { explainStartupError } from "@core/preflight";
import { createJudgeServer } from "@core/judge-service/judge-server";
import { flushApiCalls } from "@core/genrm-service/call-log";
import { closeServingPool } from "@core/genrm-service/serving-pool";
import { closeSqlPool, sql } from "@core/db/sql-pool";
import { disconnectDb } from "@core/db/client";
import { closeRedis } from "@core/queue/redis";

async function main() {
  const e = env();
  servingConfig();
  await sql("SELECT 1"); // the database must be reachable before we say we are up
  const port = e.JUDGE_PORT ?? 3001;
  const host = e.JUDGE_HOST ?? e.HOST ?? "127.0.0.1";
  const judge = createJudgeServer({ webAppUrl: e.WEB_APP_URL });
  await new Promise<void>((resolve, reject) => {
    judge.server.once("error", reject);
    judge.server.listen(port, host, () => resolve());
  });
  const address = judge.server.address() as { port: number };
  console.log(`judge service ready on http://${host}:${address.port} (pid ${process.pid})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`judge service stopping (${signal}); ${judge.inFlight()} request(s) in flight`);
    await judge.close();
    await flushApiCalls();
    await closeServingPool();
    await Promise.all([closeSqlPool(), disconnectDb(), closeRedis()]);
    console.log("judge service stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(explainStartupError(error));
  process.exit(1);
});
