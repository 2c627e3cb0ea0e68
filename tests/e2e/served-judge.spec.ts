/**
 * A judge served elsewhere, through the UI only (Chromium): a researcher registers it on /models
 * against two fake vLLM servers (a fleet, with an API key), a bad entry first (refused, nothing
 * stored), sees each base URL's health, evaluates it on held-out labels, promotes it; then creates an
 * API key on the settings page and the judge API, a tournament started from the Tournaments page and
 * an RL run (the RL simulator, a separate process judging over HTTP) all use it. One base URL is taken
 * down in the middle of the RL run: the other serves, and no call fails. The key never appears in a
 * page or a reply. Afterwards the registry is rolled back so the other specs find the seeded judge.
 * The servers are FAKES of vLLM's OpenAI-compatible protocol (genrm/backends/fake/fake-vllm-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { startFakeVllmServer, type FakeVllmServer } from "@genrm/backends/fake/fake-vllm-server";
import { root } from "../../scripts/lib/platform";
import { freePort } from "../helpers/judge-fixtures";
import { baseUrl, dbQuery, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";

const MODEL = "e2e-served-judge";
const SECRET = `sk-e2e-${randomBytes(12).toString("hex")}`;
const TSX = path.join(root, "node_modules/tsx/dist/cli.mjs");
/** The double's own CLI (separate processes); the spec falls back to in-process servers without it. */
const FAKE_CLI = path.join(root, "genrm/backends/fake/serve-fake-vllm.ts");

/** One fake vLLM server: its own process when the double's CLI is there (so "down" is a killed process), else in this process. */
interface Server {
  url: string;
  requests(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  if (existsSync(FAKE_CLI)) {
    // `node --import tsx`: the PID held here is the server's own, so SIGKILL takes the replica down at once.
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", FAKE_CLI, "--port", "0", "--model", MODEL, "--api-key", SECRET], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`fake vLLM server did not start in 60 s: ${log.slice(-2000)}`)), 60_000);
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n")[0]!;
        if (out.includes("\n")) {
          clearTimeout(timer);
          resolve(line.trim());
        }
      });
      child.once("exit", (code) => reject(new Error(`fake vLLM server exited (${code}): ${log.slice(-2000)}`)));
    });
    return {
      url,
      // Another process's request count is not visible from here (-1: unknown); the RL run's success shows who served.
      requests: async () => -1,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    };
  }
  const fake: FakeVllmServer = await startFakeVllmServer({ model: MODEL, apiKey: SECRET });
  let closed = false;
  return {
    url: fake.baseUrl,
    requests: async () => fake.completionRequests,
    stop: async () => {
      if (!closed) await fake.close();
      closed = true;
    },
  };
}

/** Runs a child process without blocking this event loop (an in-process fake server lives here). */
function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): { done: Promise<{ status: number | null; out: string }> } {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return {
    done: new Promise((resolve) =>
      child.on("close", (status) => {
        clearTimeout(t);
        resolve({ status, out });
      }),
    ),
  };
}

let browser: Browser;
let a: Server;
let b: Server;
let version: number | undefined;
let modelId: string | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  [a, b] = await Promise.all([startServer(), startServer()]);
});

afterAll(async () => {
  // Give the registry back to the seeded judge for the specs that follow.
  if (version !== undefined) {
    const cookie = await sessionCookie(DEMO.researcher);
    await fetch(`${baseUrl()}/api/models/rollback`, { method: "POST", headers: { "content-type": "application/json", cookie, origin: baseUrl() }, body: JSON.stringify({ expectedActive: version }) });
  }
  await browser?.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

async function expectNoSecret(page: Page) {
  expect(await page.content()).not.toContain(SECRET);
}

describe("a served judge, through the UI", () => {
  it("is registered (a bad entry refused first), shows its health, is evaluated and promoted", async () => {
    const page = await signInPage(browser, DEMO.researcher, "/models");
    await page.goto("/models");
    const models = async () => Number((await dbQuery<{ n: string }>(`SELECT COUNT(*) AS n FROM "GenrmModel"`))[0]!.n);
    const before = await models();

    await page.click('[data-testid="add-served-judge"] summary');
    const form = page.locator('[data-testid="served-judge-form"]');
    await form.locator('[data-testid="served-name"]').fill("e2e fleet judge");
    await form.locator('[data-testid="served-base-urls"]').fill(`${a.url}\n${b.url}`);
    await form.locator('[data-testid="served-api-key"]').fill(SECRET);
    // A model the servers do not serve: refused with the reason, nothing stored.
    await form.locator('[data-testid="served-model"]').fill("no-such-model");
    await form.locator('[data-testid="served-submit"]').click();
    await page.waitForSelector('[data-testid="served-error"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="served-error"]')).toMatch(/serves no model "no-such-model".*"e2e-served-judge"/);
    expect(await models()).toBe(before);

    await form.locator('[data-testid="served-model"]').fill(MODEL);
    await form.locator('[data-testid="served-submit"]').click();
    await page.waitForURL(/\/models\/\d+$/, { timeout: 60_000 });
    version = Number(new URL(page.url()).pathname.split("/").pop());
    modelId = (await dbQuery<{ id: string }>(`SELECT id FROM "GenrmModel" WHERE version = $1`, [version]))[0]!.id;

    // Health: both base URLs up; the key is stored but never shown.
    await page.waitForSelector('[data-testid="serving-health"]');
    for (const i of [0, 1]) expect(await page.textContent(`[data-testid="serving-url-${i}"]`)).toMatch(/up\s*\d+ ms/);
    expect(await page.textContent('[data-testid="serving-api-key"]')).toMatch(/stored encrypted/);
    expect(await page.textContent('[data-testid="serving-protocol"]')).toMatch(/completions · logprobs · top \d+ logprobs/);
    await expectNoSecret(page);

    // Evaluate on held-out labels (the worker judges through the fleet), then promote.
    await page.click(`[data-testid="evaluate-v${version}"]`);
    const evalDeadline = Date.now() + 180_000;
    let evaluation: { status: string; error: string | null } | undefined;
    while (Date.now() < evalDeadline) {
      evaluation = (await dbQuery<{ status: string; error: string | null }>(`SELECT status, error FROM "Evaluation" WHERE "modelId" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [modelId]))[0];
      if (evaluation && (evaluation.status === "succeeded" || evaluation.status === "failed")) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(evaluation, evaluation?.error ?? "no evaluation").toMatchObject({ status: "succeeded" });
    await page.reload();
    await page.waitForSelector('[data-testid="evaluation"]', { timeout: 30_000 });
    await page.click(`[data-testid="promote-v${version}"]`);
    await page.waitForFunction(() => [...document.querySelectorAll("span")].some((s) => s.textContent === "active"), null, { timeout: 30_000 });
    expect((await dbQuery<{ status: string }>(`SELECT status FROM "GenrmModel" WHERE id = $1`, [modelId]))[0]!.status).toBe("active");

    const list = await fetch(`${baseUrl()}/api/models`, { headers: { cookie: await sessionCookie(DEMO.researcher) } });
    expect(await list.text()).not.toContain(SECRET);
    await page.context().close();
  }, 300_000);

  it("serves the judge API (key made on the settings page), a tournament and an RL run; a base URL going down mid-run costs no call", async () => {
    expect(version, "the first test registered the judge").toBeDefined();
    const page = await signInPage(browser, DEMO.researcher, "/settings/api-keys");
    await page.goto("/settings/api-keys");
    await page.fill('input[name="name"]', "e2e served judge");
    await page.check('input[name="scopes"][value="runs:write"]');
    await page.click('button:has-text("Create key")');
    const key = (await page.textContent('[data-testid="new-key"]', { timeout: 15_000 }))!.trim();
    expect(key).toMatch(/^grm_/);

    // The judge API: the active version is the served judge.
    const judged = await fetch(`${baseUrl()}/api/v1/judge`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ items: [{ prompt: "What is 2 + 2?", response: "4", reference: "Four." }] }),
    });
    const reply = await judged.json();
    expect(judged.status, JSON.stringify(reply)).toBe(200);
    expect(reply.model.version).toBe(version);
    expect(JSON.stringify(reply)).not.toContain(SECRET);

    // A tournament from the Tournaments page, judged by it.
    const datasetId = (
      await dbQuery<{ datasetId: string }>(
        `WITH firsts AS (SELECT p.id, p."datasetId", row_number() OVER (PARTITION BY p."datasetId" ORDER BY p."createdAt", p.id) AS rn FROM "Prompt" p),
         counts AS (SELECT f."datasetId", COUNT(r.id) AS n FROM firsts f LEFT JOIN "Response" r ON r."promptId" = f.id WHERE f.rn <= 2 GROUP BY f.id, f."datasetId")
         SELECT "datasetId" FROM counts GROUP BY "datasetId" HAVING COUNT(*) = 2 AND MIN(n) >= 3 AND MAX(n) <= 16 LIMIT 1`,
      )
    )[0]?.datasetId;
    expect(datasetId, "the seed has a dataset with 3+ answers per prompt").toBeTruthy();
    await page.goto("/tournaments");
    const start = page.locator('[data-testid="start-tournament"]');
    await start.locator('select[name="datasetId"]').selectOption(datasetId!);
    await start.locator('select[name="modelId"]').selectOption(modelId!);
    await start.locator('input[name="maxPrompts"]').fill("2");
    await start.locator("button", { hasText: "Run tournaments" }).click();
    await page.waitForURL(/\/tournaments\/[^/]+$/, { timeout: 30_000 });
    const runId = new URL(page.url()).pathname.split("/").pop()!;
    const tDeadline = Date.now() + 240_000;
    let tournament: { status: string; error: string | null; modelId: string; judgeCalls: number } | undefined;
    while (Date.now() < tDeadline) {
      tournament = (await dbQuery<{ status: string; error: string | null; modelId: string; judgeCalls: number }>(`SELECT status, error, "modelId", "judgeCalls" FROM "TournamentRun" WHERE id = $1`, [runId]))[0];
      if (tournament && (tournament.status === "succeeded" || tournament.status === "failed")) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(tournament?.status, `tournament run: ${JSON.stringify(tournament)}`).toBe("succeeded");
    await page.reload();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="status"]')][0]?.textContent === "succeeded", null, { timeout: 30_000 });
    expect(tournament!.modelId).toBe(modelId);
    expect(tournament!.judgeCalls).toBeGreaterThan(0);

    // An RL run (the simulator judging over HTTP); base URL B goes down once the first step is in.
    const bBefore = await b.requests();
    const sim = run([TSX, "scripts/simulate-rl.ts", "--url", baseUrl(), "--key", key, "--clean", "--steps", "8", "--batch", "16", "--samples", "8", "--poll-ms", "500", "--name", "e2e served judge run"], process.env, 240_000);
    const deadline = Date.now() + 120_000;
    let rlRunId: string | undefined;
    while (Date.now() < deadline) {
      const r = await dbQuery<{ id: string; steps: string }>(`SELECT r.id, COUNT(s.id) AS steps FROM "RlRun" r LEFT JOIN "RlStep" s ON s."runId" = r.id WHERE r.name = 'e2e served judge run' GROUP BY r.id`);
      if (r[0] && Number(r[0].steps) >= 1) {
        rlRunId = r[0].id;
        break;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(rlRunId, "the RL run posted its first step").toBeDefined();
    await b.stop();
    const aAtOutage = await a.requests();
    const { status, out } = await sim.done;
    expect(status, out.slice(-3000)).toBe(0);
    const last = JSON.parse(out.trim().split("\n").pop()!);
    expect(last).toMatchObject({ steps_posted: 8, stopped_because: expect.any(String) });
    expect((await dbQuery<{ modelId: string }>(`SELECT "modelId" FROM "RlRun" WHERE id = $1`, [rlRunId]))[0]!.modelId).toBe(modelId);
    // A kept serving after B went down; B had served before.
    const aAfter = await a.requests();
    if (aAfter !== -1) expect(aAfter).toBeGreaterThan(aAtOutage);
    if (bBefore !== -1) expect(bBefore).toBeGreaterThan(0);

    // The model page now shows B down and A up.
    await page.goto(`/models/${version}`);
    await page.waitForSelector('[data-testid="serving-health"]');
    expect(await page.textContent('[data-testid="serving-url-0"]')).toMatch(/up/);
    expect(await page.textContent('[data-testid="serving-url-1"]')).toMatch(/down/);
    await expectNoSecret(page);
    await page.context().close();
  }, 600_000);
});
