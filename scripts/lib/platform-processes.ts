/**
 * The platform's long-running processes under one supervisor — workers, the judge service and the web
 * app, each able to reach the other: the web app forwards its judge URLs to the service, the service
 * passes every other path to the web app, so either address serves a trainer — as `npm start` runs them; the supervision test
 * uses this same function. Crashes and restarts go to the terminal (`log`) and to the Redis record the
 * status page reads (core/status/platform-processes.ts).
 */
import type { Redis } from "ioredis";
import { createRedis } from "../../core/queue/redis";
import { appendProcessEvent, writeProcessSnapshot, type ProcessEvent, type ProcessRecord } from "../../core/status/platform-processes";
import { startJudgeService, startWeb, startWorkers } from "./platform";
import { Supervisor, type BackoffOptions } from "./supervisor";

export interface PlatformProcessesOptions {
  webPort: number;
  judgePort: number;
  host: string;
  /** Extra environment for every child (tests: database, queue prefix, data dir). */
  env?: NodeJS.ProcessEnv;
  /** Children's output lines, prefixed with [web] / [workers] / [judge]. */
  onLine?: (line: string) => void;
  /** Supervisor messages (crash, restart). Default: console.error. */
  log?: (line: string) => void;
  backoff?: BackoffOptions;
}

export interface PlatformProcesses {
  supervisor: Supervisor;
  judgeUrl: string;
  stop(): Promise<void>;
}

const SNAPSHOT_EVERY_MS = 10_000;

function describe(e: ProcessEvent): string {
  if (e.kind === "crashed") {
    const how = e.signal ? `killed by ${e.signal}` : `exited with code ${e.code}`;
    return `✖ ${e.name} (pid ${e.pid}) ${how}; the other processes keep serving; restarting it in ${Math.round((e.restartInMs ?? 0) / 100) / 10} s`;
  }
  if (e.kind === "started") return `• ${e.name} started (pid ${e.pid})`;
  return `• ${e.name} stopped`;
}

export function startPlatformProcesses(o: PlatformProcessesOptions): PlatformProcesses {
  const log = o.log ?? ((l: string) => console.error(l));
  const local = o.host === "0.0.0.0" ? "127.0.0.1" : o.host;
  const judgeUrl = `http://${local}:${o.judgePort}`;
  let client: Redis | null = null;
  const recordTo = () => (client ??= createRedis("producer"));
  const quietly = (p: Promise<unknown>) => p.catch(() => undefined); // Redis down: the terminal still says it
  let latest: ProcessRecord[] = [];
  let firstStartsLeft = 3;
  const supervisor = new Supervisor({
    backoff: o.backoff,
    onEvent: (event, records) => {
      latest = records;
      // The first start of each child is routine; later starts are restarts worth a line.
      if (event.kind !== "started" || firstStartsLeft-- <= 0) log(describe(event));
      void quietly(writeProcessSnapshot(recordTo(), records));
      if (event.kind !== "started" || records.find((r) => r.name === event.name)!.restarts > 0) void quietly(appendProcessEvent(recordTo(), event));
    },
  });
  const refresh = setInterval(() => void quietly(writeProcessSnapshot(recordTo(), latest)), SNAPSHOT_EVERY_MS);
  refresh.unref();
  const env = o.env ?? {};
  supervisor.add("workers", () => startWorkers(env, o.onLine));
  const webUrl = `http://${local}:${o.webPort}`;
  supervisor.add("judge", () => startJudgeService(o.judgePort, { ...env, WEB_APP_URL: webUrl }, o.onLine, o.host));
  supervisor.add("web", () => startWeb(o.webPort, { ...env, JUDGE_SERVICE_URL: judgeUrl }, o.onLine, o.host));
  return {
    supervisor,
    judgeUrl,
    async stop() {
      clearInterval(refresh);
      await supervisor.stopAll();
      if (client) {
        await quietly(writeProcessSnapshot(client, supervisor.records()));
        client.disconnect();
      }
    },
  };
}
