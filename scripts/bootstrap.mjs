/**
 * Set-up shared by `npm start` and `npm test`, in plain Node (it runs before node_modules exists):
 * installs npm dependencies when missing or stale, creates .env (0600) with a fresh AUTH_SECRET and EXPORT_SALT, installs
 * Debian packages when running as root and they are missing. Each step says what it does.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts, env: { ...process.env, ...opts.env } });
  if (r.status !== 0 && !opts.allowFail) {
    console.error(`✖ ${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  return r.status === 0;
}

const quiet = (cmd, args) => spawnSync(cmd, args, { stdio: "ignore", cwd: root }).status === 0;

export function ensureNodeModules() {
  const lock = path.join(root, "package-lock.json");
  const marker = path.join(root, "node_modules/.genrm-lock-hash");
  const hash = createHash("sha256").update(readFileSync(lock)).digest("hex");
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash) return;
  console.log("• Installing npm dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"], { env: { ONNXRUNTIME_NODE_INSTALL: "skip", CHECKPOINT_DISABLE: "1", PRISMA_SKIP_POSTINSTALL_GENERATE: "1" } });
  writeFileSync(marker, hash);
}

/** The Prisma client is generated code (git-ignored): make it before any TypeScript imports it. */
export function generatePrismaClient() {
  const r = spawnSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), "generate"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`✖ prisma generate failed:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
}

const freshSecret = () => randomBytes(32).toString("base64url");

/**
 * .env holds the signing secret and the export salt: created from .env.example with fresh values, readable
 * by its owner only (0600). An existing .env is tightened to 0600 and given an EXPORT_SALT when it has none
 * (older clones); its AUTH_SECRET is left alone — start-up refuses it when it is weak, saying how to fix it.
 */
export function ensureEnvFile(dir = root) {
  const envFile = path.join(dir, ".env");
  if (!existsSync(envFile)) {
    const text = readFileSync(path.join(dir, ".env.example"), "utf8")
      .replace(/^AUTH_SECRET=.*$/m, `AUTH_SECRET=${freshSecret()}`)
      .replace(/^#? ?EXPORT_SALT=.*$/m, `EXPORT_SALT=${freshSecret()}`);
    writeFileSync(envFile, text, { mode: 0o600 });
    chmodSync(envFile, 0o600); // `mode` is masked by the umask
    console.log("• Created .env (readable by you only) with a fresh AUTH_SECRET and EXPORT_SALT");
    return;
  }
  if ((statSync(envFile).mode & 0o077) !== 0) {
    chmodSync(envFile, 0o600);
    console.log("• .env was readable by other users; it is now readable by you only (0600)");
  }
  const text = readFileSync(envFile, "utf8");
  if (!/^EXPORT_SALT=\S/m.test(text)) {
    appendFileSync(envFile, `${text.endsWith("\n") ? "" : "\n"}# Pseudonymises annotators in exports (generated on first start).\nEXPORT_SALT=${freshSecret()}\n`);
    console.log("• Added a fresh EXPORT_SALT to .env");
  }
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
let aptUpdated = false;

/** Installs Debian packages when root and `present()` is false; otherwise prints how to. */
export function ensureApt(label, packages, present) {
  if (present()) return true;
  if (!isRoot() || !quiet("sh", ["-c", "command -v apt-get"])) {
    console.warn(`! ${label} is missing; install it with: sudo apt-get install -y ${packages.join(" ")}`);
    return false;
  }
  console.log(`• Installing ${label} (apt-get install ${packages.join(" ")})…`);
  if (!aptUpdated) {
    run("apt-get", ["update", "-qq"], { allowFail: true });
    aptUpdated = true;
  }
  run("apt-get", ["install", "-y", "--no-install-recommends", "-qq", ...packages], { env: { DEBIAN_FRONTEND: "noninteractive" }, allowFail: true });
  return present();
}

export const torchPresent = () => {
  const py = process.env.GENRM_PYTHON || "/usr/bin/python3";
  return quiet(py, ["-c", "import torch"]) && (process.env.GENRM_PYTHON || existsSync("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2") || !existsSync("/usr/lib/x86_64-linux-gnu"));
};
export const chromiumPresent = () => existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium");

export function ensureTorch() {
  return ensureApt("PyTorch for the GenRM trainer", ["python3-torch", "libopenblas0-pthread", "libjemalloc2"], torchPresent);
}
export function ensureChromium() {
  return ensureApt("Chromium for end-to-end tests", ["chromium"], chromiumPresent);
}

/** Starts local Postgres/Redis with this machine's commands when they are down (CI machines). */
export function ensureServices() {
  if (!quiet("sh", ["-c", "pg_isready -q -h 127.0.0.1 -p 5432"]) && quiet("sh", ["-c", "command -v pg_ctlcluster"])) {
    console.log("• Starting PostgreSQL…");
    run("sh", ["-c", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"], { allowFail: true });
  }
  if (!quiet("sh", ["-c", "redis-cli -h 127.0.0.1 -p 6379 ping"]) && quiet("sh", ["-c", "command -v redis-server"])) {
    console.log("• Starting Redis…");
    run("sh", ["-c", 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'], { allowFail: true });
  }
}

export function tsx(script, args = [], opts = {}) {
  return run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), script, ...args], opts);
}
