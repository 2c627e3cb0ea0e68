/**
 * What `npm start`'s supervisor knows about its child processes (web, workers, judge service), kept in
 * Redis for the status page: one snapshot with a short TTL (it disappears when the supervisor is gone,
 * so a stale "running" is never shown) and a short list of recent crashes and restarts.
 * Written by scripts/lib/supervisor.ts through start-platform; read by get-queue-status.ts.
 */
import type { Redis } from "ioredis";
import { rkey } from "../queue/redis";

export type ProcessState = "starting" | "running" | "restarting" | "stopped";

export interface ProcessRecord {
  name: string;
  state: ProcessState;
  pid: number | null;
  /** Restarts after crashes since `npm start`. */
  restarts: number;
  startedAt: string | null;
  lastExit: { at: string; code: number | null; signal: string | null } | null;
  /** When the next start is due, while restarting. */
  restartAt: string | null;
}

export interface ProcessEvent {
  at: string;
  name: string;
  kind: "started" | "crashed" | "stopped";
  pid: number | null;
  code?: number | null;
  signal?: string | null;
  /** For "crashed": the restart delay chosen (backoff). */
  restartInMs?: number;
}

export const PROCESS_SNAPSHOT_TTL_S = 30;
const MAX_EVENTS = 50;

export async function writeProcessSnapshot(client: Redis, records: ProcessRecord[]): Promise<void> {
  await client.set(rkey("platform", "processes"), JSON.stringify(records), "EX", PROCESS_SNAPSHOT_TTL_S);
}

export async function appendProcessEvent(client: Redis, event: ProcessEvent): Promise<void> {
  const key = rkey("platform", "events");
  await client.multi().lpush(key, JSON.stringify(event)).ltrim(key, 0, MAX_EVENTS - 1).expire(key, 7 * 24 * 3600).exec();
}

export async function readPlatformProcesses(client: Redis): Promise<{ processes: ProcessRecord[]; events: ProcessEvent[] }> {
  const [snapshot, events] = await Promise.all([client.get(rkey("platform", "processes")), client.lrange(rkey("platform", "events"), 0, 19)]);
  return {
    processes: snapshot ? (JSON.parse(snapshot) as ProcessRecord[]) : [],
    events: events.map((e) => JSON.parse(e) as ProcessEvent),
  };
}
