/**
 * Redis connections. Producers (web) fail fast when Redis is down so requests get a 503 instead of
 * hanging; workers wait forever (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
import { Redis, type RedisOptions } from "ioredis";
import { env } from "../env";

export function redisOptions(kind: "producer" | "worker"): RedisOptions {
  return kind === "worker"
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) };
}

export function createRedis(kind: "producer" | "worker", url = env().REDIS_URL, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, { ...redisOptions(kind), lazyConnect: false, ...extra });
  // Errors surface on commands (as 503s / retries); an unhandled 'error' event would crash the process.
  client.on("error", () => undefined);
  return client;
}

const g = globalThis as unknown as { __genrmRedis?: { url: string; client: Redis } };

/**
 * Process-wide producer connection. It pipelines automatically: the commands of concurrent requests
 * issued in one turn of the event loop leave in one socket write (the judge service's cache reads and
 * writes were one write each). BullMQ's queues keep their own connections, without it.
 */
export function redis(): Redis {
  const url = env().REDIS_URL;
  if (g.__genrmRedis && g.__genrmRedis.url === url) return g.__genrmRedis.client;
  const client = createRedis("producer", url, { enableAutoPipelining: true });
  g.__genrmRedis = { url, client };
  return client;
}

export async function closeRedis(): Promise<void> {
  const c = g.__genrmRedis;
  g.__genrmRedis = undefined;
  if (c) await c.client.quit().catch(() => c.client.disconnect());
}

/** Prefixes a Redis key with the queue prefix (test runs stay apart). */
export const rkey = (...parts: string[]) => [env().QUEUE_PREFIX, ...parts].join(":");
