/** Worker heartbeats in Redis (a key per worker with a TTL), read by the status page. */
import type { Redis } from "ioredis";
import { rkey } from "./redis";

export interface Heartbeat {
  workerId: string;
  pid: number;
  host: string;
  queues: string[];
  startedAt: string;
  beatAt: string;
  activeJobs: number;
}

export const HEARTBEAT_TTL_S = 20;

export async function writeHeartbeat(client: Redis, hb: Heartbeat): Promise<void> {
  await client.set(rkey("worker", hb.workerId), JSON.stringify(hb), "EX", HEARTBEAT_TTL_S);
}

export async function readHeartbeats(client: Redis): Promise<Heartbeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", rkey("worker", "*"), "COUNT", 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await client.mget(...keys);
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as Heartbeat);
}

export async function clearHeartbeat(client: Redis, workerId: string): Promise<void> {
  await client.del(rkey("worker", workerId));
}
