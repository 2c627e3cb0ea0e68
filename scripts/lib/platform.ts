/**
 * Pieces of "run the platform" shared by `npm start` and the end-to-end test set-up:
 * migrate a database, build the web app when sources changed, spawn web, workers and the judge service,
 * wait for HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const node = process.execPath;

const nextCli = path.join(root, "node_modules/next/dist/bin/next");

export function prisma(args: string[], env: NodeJS.ProcessEnv = {}, quiet = false) {
  const r = spawnSync(node, [path.join(root, "scripts/prisma.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} failed (exit ${r.status})\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  return r.stdout ?? "";
}

export const migrateDeploy = (databaseUrl: string, quiet = true) => prisma(["migrate", "deploy"], { DATABASE_URL: databaseUrl }, quiet);
export const generateClient = (quiet = true) => prisma(["generate"], {}, quiet);

const SOURCE_DIRS = ["web", "core", "genrm", "tournaments", "monitoring"];
const SKIP = new Set(["node_modules", ".next", "generated", "trainer", "__pycache__"]);

function hashSources(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIP.has(name)) continue;
      const p = path.join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (/\.(tsx?|css|mjs|json)$/.test(name)) h.update(p).update(readFileSync(p));
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  h.update(readFileSync(path.join(root, "package-lock.json")));
  return h.digest("hex");
}

/** Builds web/ unless the last build was of exactly these sources. */
export function buildWeb(log: (s: string) => void = console.log): void {
  const marker = path.join(root, "web/.next/.genrm-source-hash");
  const hash = hashSources();
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash && existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    log("• Web app is up to date (no rebuild)");
    return;
  }
  log("• Building the web app (next build)…");
  const r = spawnSync(node, [nextCli, "build", "web"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url") },
  });
  if (r.status !== 0) throw new Error("next build failed");
  writeFileSync(marker, hash);
}

export interface Spawned {
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function spawnManaged(args: string[], env: NodeJS.ProcessEnv, prefix: string, onLine?: (l: string) => void): Spawned {
  const child = spawn(node, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const pipe = (stream: NodeJS.ReadableStream | null) => {
    let buf = "";
    stream?.on("data", (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (onLine) onLine(`${prefix} ${line}`);
      }
    });
  };
  pipe(child.stdout);
  pipe(child.stderr);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    child,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export function startWorkers(env: NodeJS.ProcessEnv, onLine?: (l: string) => void): Spawned {
  // One process (tsx as a loader, not tsx's CLI, which would spawn the worker as ITS child): a signal
  // sent to `child` reaches the worker itself, so a SIGKILL in a test is a real crash of the worker.
  return spawnManaged(["--import", "tsx", "workers/main.ts"], env, "[workers]", onLine);
}

export function startWeb(port: number, env: NodeJS.ProcessEnv, onLine?: (l: string) => void, host = "127.0.0.1"): Spawned {
  return spawnManaged([nextCli, "start", "web", "-p", String(port), "-H", host], { NEXT_TELEMETRY_DISABLED: "1", ...env }, "[web]", onLine);
}

/**
 * Node flags of the judge service. A larger young generation: each request allocates ~100 KB of
 * short-lived objects (the parsed body, cache keys, the reply), and with the default semi-space they were
 * promoted and collected as old ones — 32 MB took the service's CPU per request from 1.6–1.8 to 1.1–1.2 ms
 * in bench:api.
 */
export const JUDGE_NODE_FLAGS = ["--max-semi-space-size=32"];

/** The judge service (scripts/serve-judge.ts) on `port`; same spawn as the workers (its own processes fork from it). */
export function startJudgeService(port: number, env: NodeJS.ProcessEnv, onLine?: (l: string) => void, host = "127.0.0.1", nodeArgs: string[] = []): Spawned {
  return spawnManaged([...nodeArgs, ...JUDGE_NODE_FLAGS, "--import", "tsx", "scripts/serve-judge.ts"], { JUDGE_PORT: String(port), JUDGE_HOST: host, ...env }, "[judge]", onLine);
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms (${last})`);
}
