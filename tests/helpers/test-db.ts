/**
 * A private database per integration test file: a clone of the run's migrated template (fast), or a
 * freshly migrated one when run outside `npm test`. Sets DATABASE_URL/QUEUE_PREFIX for this process.
 */
import pg from "pg";
import { randomBytes } from "node:crypto";
import { resetEnvCache } from "@core/env";
import { disconnectDb } from "@core/db/client";
import { closeQueues } from "@core/queue/queues";
import { closeRedis } from "@core/queue/redis";
import { migrateDeploy } from "../../scripts/lib/platform";

const base = () => process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432";

async function adminQuery(q: string) {
  const c = new pg.Client({ connectionString: `${base()}/postgres` });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

export interface TestEnv {
  databaseUrl: string;
  queuePrefix: string;
  cleanup(): Promise<void>;
}

export async function createTestEnv(label = "t"): Promise<TestEnv> {
  const suffix = `${label.replace(/[^a-z0-9]/gi, "").toLowerCase().slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  const name = `genrm_test_${suffix}`;
  const template = process.env.TEST_TEMPLATE_DB;
  if (template) await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  else {
    await adminQuery(`CREATE DATABASE "${name}"`);
    migrateDeploy(`${base()}/${name}`);
  }
  const databaseUrl = `${base()}/${name}`;
  const queuePrefix = `test_${suffix}`;
  process.env.DATABASE_URL = databaseUrl;
  process.env.QUEUE_PREFIX = queuePrefix;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  resetEnvCache();
  return {
    databaseUrl,
    queuePrefix,
    async cleanup() {
      await closeQueues();
      await disconnectDb();
      await closeRedis();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await deleteRedisPrefix(queuePrefix);
    },
  };
}

export async function deleteRedisPrefix(prefix: string) {
  const { Redis } = await import("ioredis");
  const r = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  try {
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
}
