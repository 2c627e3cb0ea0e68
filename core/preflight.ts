/**
 * Start-up checks with human messages: which service is unreachable and how to start it.
 * Used by `npm start`, the workers and the test runner so nobody reads a stack-trace wall.
 */
import pg from "pg";
import { Redis } from "ioredis";
import { env } from "./env";

const HINTS = {
  postgres:
    "Start PostgreSQL: on Debian `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`; " +
    "elsewhere `docker compose up -d postgres` (docker-compose.yml). Or set DATABASE_URL.",
  redis:
    "Start Redis: `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no`; " +
    "elsewhere `docker compose up -d redis`. Or set REDIS_URL.",
};

export class ServiceUnavailable extends Error {}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export async function checkPostgres(url = env().DATABASE_URL, database = "postgres"): Promise<void> {
  const u = new URL(url);
  u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new ServiceUnavailable(
      `PostgreSQL is unreachable at ${redact(url)} (${(error as Error).message}).\n  ${HINTS.postgres}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database named in the URL if it is missing (a fresh machine has only `postgres`). */
export async function ensureDatabase(url = env().DATABASE_URL): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const r = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function checkRedis(url = env().REDIS_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new ServiceUnavailable(`Redis is unreachable at ${redact(url)} (${(error as Error).message}).\n  ${HINTS.redis}`);
  } finally {
    client.disconnect();
  }
}

export async function preflight(): Promise<void> {
  const problems: string[] = [];
  await checkPostgres().catch((e: Error) => problems.push(e.message));
  await checkRedis().catch((e: Error) => problems.push(e.message));
  if (problems.length) throw new ServiceUnavailable(problems.join("\n"));
}

export function explainStartupError(error: unknown): string {
  if (error instanceof ServiceUnavailable) return `\n✖ ${error.message}\n`;
  const msg = (error as Error)?.message ?? String(error);
  if (/ECONNREFUSED.*5432|database .* does not exist|password authentication/i.test(msg)) return `\n✖ PostgreSQL: ${msg}\n  ${HINTS.postgres}\n`;
  if (/ECONNREFUSED.*6379|redis/i.test(msg)) return `\n✖ Redis: ${msg}\n  ${HINTS.redis}\n`;
  if (/Invalid environment/.test(msg)) return `\n✖ ${msg}\n`;
  return `\n✖ ${(error as Error)?.stack ?? msg}\n`;
}
