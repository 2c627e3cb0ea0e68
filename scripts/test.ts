/**
 * Runs the test tiers in order and prints one summary line "N passed, N failed":
 *   1. unit + integration (vitest; integration files clone a freshly migrated template database)
 *   2. Python (trainer + client, stdlib unittest)
 *   3. end-to-end (vitest + Chromium against a built web app and a worker process)
 * Flags: --only unit|integration|python|e2e (repeatable), extra args after -- go to vitest.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { checkPostgres, checkRedis, explainStartupError } from "@core/preflight";
import { generateClient, migrateDeploy, root } from "./lib/platform";

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === "--only" ? [args[i + 1]!] : []));
const want = (tier: string) => only.length === 0 || only.includes(tier);
const passthrough = args.includes("--") ? args.slice(args.indexOf("--") + 1) : [];

const baseUrl = process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432";
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const templateDb = `genrm_tpl_${runId}`;
const tmp = mkdtempSync(path.join(os.tmpdir(), "genrm-test-"));

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedTiers: string[] = [];
/** Each failure in one line, printed again at the very end: a CI log cut to its tail still names them. */
const failureLines: string[] = [];

const firstLine = (text: unknown) => String(text ?? "").replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n")[0]!.slice(0, 300);

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  numFailedTestSuites: number;
  testResults?: Array<{ name: string; status: string; message?: string; assertionResults?: Array<{ fullName: string; status: string; failureMessages?: string[] }> }>;
}

function recordFailures(tier: string, j: VitestJson) {
  for (const file of j.testResults ?? []) {
    const rel = path.relative(root, file.name);
    const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of failed) failureLines.push(`${tier} › ${rel} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (failed.length === 0 && file.status === "failed") failureLines.push(`${tier} › ${rel}: ${firstLine(file.message) || "the file failed outside its tests"}`);
  }
}

function vitest(name: string, extra: string[], env: NodeJS.ProcessEnv) {
  const out = path.join(tmp, `${name}.json`);
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extra, ...passthrough],
    { cwd: root, stdio: "inherit", env: { ...process.env, TZ: "UTC", ...env } },
  );
  let counted = false;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
    recordFailures(name, j);
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    counted = true;
    if (j.numFailedTests > 0 || j.numFailedTestSuites > 0) failedTiers.push(name);
  }
  if (r.status !== 0 && !failedTiers.includes(name)) {
    failedTiers.push(name);
    if (!counted) totals.failed += 1;
    failureLines.push(`${name}: vitest exited ${r.status ?? r.signal}${counted ? "" : " without a report"}`);
  }
}

function python(name: string, startDir: string) {
  const py = process.env.GENRM_PYTHON || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
  if (!existsSync(path.join(root, startDir))) return;
  const r = spawnSync(py, ["-m", "unittest", "discover", "-s", startDir, "-t", ".", "-p", "test_*.py", "-v"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  const text = `${r.stdout}\n${r.stderr}`;
  const ran = Number(/Ran (\d+) tests?/.exec(text)?.[1] ?? 0);
  const failures = Number(/failures=(\d+)/.exec(text)?.[1] ?? 0) + Number(/errors=(\d+)/.exec(text)?.[1] ?? 0);
  const skipped = Number(/skipped=(\d+)/.exec(text)?.[1] ?? 0);
  totals.passed += ran - failures - skipped;
  totals.failed += failures;
  totals.skipped += skipped;
  if (r.status !== 0) {
    failedTiers.push(name);
    if (failures === 0) totals.failed += 1;
    for (const m of text.matchAll(/^(?:FAIL|ERROR): (.+)$/gm)) failureLines.push(`${name} › ${m[1]}`);
    if (failures === 0) failureLines.push(`${name}: exited ${r.status ?? r.signal}`);
  }
}

async function sql(query: string) {
  const c = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

async function main() {
  await checkPostgres(`${baseUrl}/postgres`);
  await checkRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  generateClient();
  const needDb = want("integration") || want("e2e");
  const templateUrl = `${baseUrl}/${templateDb}`;
  if (needDb) {
    await sql(`CREATE DATABASE "${templateDb}"`);
    migrateDeploy(templateUrl);
  }
  const env = { TEST_RUN_ID: runId, TEST_TEMPLATE_DB: templateDb, TEST_DATABASE_BASE_URL: baseUrl, NODE_ENV: "test" };
  try {
    if (want("unit") && want("integration")) vitest("unit+integration", [], env);
    else if (want("unit")) vitest("unit", ["--exclude", "**/*.integration.test.ts"], env);
    else if (want("integration")) vitest("integration", ["integration.test"], env);
    if (want("python")) {
      python("python-trainer", "genrm/trainer");
      python("python-client", "clients/python");
    }
    if (want("e2e")) vitest("e2e", ["-c", "vitest.e2e.config.ts"], env);
  } finally {
    if (needDb) await sql(`DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
  if (failureLines.length > 0) console.log(`\nFailed:\n${failureLines.map((f) => `  ✖ ${f}`).join("\n")}`);
  console.log(`\nTiers failed: ${failedTiers.length ? failedTiers.join(", ") : "none"}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed > 0 || failedTiers.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(explainStartupError(error));
  process.exit(1);
});
