/**
 * End-to-end set-up: a private database (clone of the run's template), the idempotent demo seed, a
 * production build of web/, and web + workers as child processes on a free port with a private queue
 * prefix. Tests read the base URL with inject("baseUrl").
 */
import type { TestProject } from "vitest/node";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { buildWeb, migrateDeploy, root, startWeb, startWorkers, waitForHttp, type Spawned } from "../../scripts/lib/platform";
import { deleteRedisPrefix } from "../helpers/test-db";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    queuePrefix: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

async function admin(q: string) {
  const base = process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432";
  const c = new pg.Client({ connectionString: `${base}/postgres` });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432";
  const suffix = randomBytes(4).toString("hex");
  const dbName = `genrm_test_e2e_${suffix}`;
  const databaseUrl = `${base}/${dbName}`;
  const queuePrefix = `test_e2e_${suffix}`;
  if (process.env.TEST_TEMPLATE_DB) await admin(`CREATE DATABASE "${dbName}" TEMPLATE "${process.env.TEST_TEMPLATE_DB}"`);
  else {
    await admin(`CREATE DATABASE "${dbName}"`);
    migrateDeploy(databaseUrl);
  }
  const env = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    EXPORT_SALT: randomBytes(32).toString("base64url"),
    NODE_ENV: "production" as const,
    LOG_REQUESTS: "0",
    SIGNIN_MAX_FAILURES: "5",
    WORKER_LOCK_MS: "10000",
    TRUST_PROXY: "1",
  };
  const seed = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "prisma/seed.ts"], {
    cwd: root,
    // The app runs as production; the seed explicitly in demo mode, which production never is.
    env: { ...process.env, ...env, NODE_ENV: "development", DEMO: "1" },
    stdio: "inherit",
  });
  if (seed.status !== 0) throw new Error("demo seed failed");
  buildWeb();
  const port = await freePort();
  const logs: string[] = [];
  const keep = (l: string) => {
    logs.push(l);
    if (logs.length > 400) logs.shift();
    if (process.env.E2E_VERBOSE) console.log(l);
  };
  const children: Spawned[] = [startWorkers(env, keep), startWeb(port, env, keep)];
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/signin`, 90_000);
  } catch (e) {
    console.error(logs.join("\n"));
    throw e;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("queuePrefix", queuePrefix);
  return async () => {
    await Promise.all(children.map((c) => c.stop()));
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await deleteRedisPrefix(queuePrefix).catch(() => undefined);
  };
}
