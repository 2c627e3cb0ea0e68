/**
 * RL run monitoring end to end: the trainer API refuses bad input precisely and never duplicates a
 * step; the seeded demo run's dashboard draws its charts with data and the alert markers; the
 * recalibration timeline can be clicked through (alert → pause → recalibration → version → resume).
 * The demo run ("demo-rl-run") is made by the seed step prisma/seed/rl-demo-run.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { baseUrl, createKey, dbQuery, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";

let researcherKey: string;
let adminKey: string;
let runId: string;

const call = (method: string, path: string, key: string, body?: unknown, raw?: string) =>
  fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined || raw ? { "content-type": "application/json" } : {}) },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });

const metrics = { length_mean: 120, length_p50: 100, length_p90: 200, reward_mean: 0.1, reward_std: 0.4, accuracy: 0.5 };
const sample = (i: number) => ({ prompt: `What is ${i} + ${i}?`, response: `It is ${2 * i}.`, reward: 0.1, correct: true });

beforeAll(async () => {
  researcherKey = (await createKey(await sessionCookie(DEMO.researcher), ["runs:write", "judge"])).key;
  adminKey = (await createKey(await sessionCookie(DEMO.admin), ["runs:write"])).key;
  const res = await call("POST", "/api/v1/runs", researcherKey, { name: "e2e bad input", policy: "none" });
  expect(res.status).toBe(201);
  runId = (await res.json()).run.id;
});

describe("trainer API: bad input and idempotency", () => {
  const steps = () => dbQuery<{ n: string }>(`select count(*) n from "RlStep" where "runId" = $1`, [runId]).then((r) => Number(r[0]!.n));

  it("non-numeric metrics → 400 naming the field; nothing written", async () => {
    const res = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, { step: 1, metrics: { ...metrics, reward_mean: "high" } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.field).toBe("metrics.reward_mean");
    expect(body.error).toMatch(/^metrics\.reward_mean: reward_mean must be a number/);
    expect(await steps()).toBe(0);
  });

  it("negative step → 400 naming the field", async () => {
    const res = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, { step: -1, metrics });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.field).toBe("step");
    expect(body.error).toMatch(/step must be ≥ 0/);
  });

  it("malformed JSON → 400", async () => {
    const res = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, undefined, "{step: 1");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/Malformed JSON/);
  });

  it("a run id of another owner → 404, exactly like a missing run", async () => {
    const other = await call("POST", `/api/v1/runs/${runId}/steps`, adminKey, { step: 1, metrics });
    const missing = await call("POST", `/api/v1/runs/no-such-run/steps`, adminKey, { step: 1, metrics });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await other.json()).error).toBe((await missing.json()).error);
    expect((await call("GET", `/api/v1/runs/${runId}/control`, adminKey)).status).toBe(404);
  });

  it("a 10 MB sample → 413 before anything is parsed or written", async () => {
    const huge = { step: 2, metrics, samples: [{ prompt: "p", response: "x".repeat(10 * 1024 * 1024), reward: 0 }] };
    const res = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, huge);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/limit is|exceeds/);
    expect(await steps()).toBe(0);
  });

  it("repeated step posts don't duplicate; a late step is accepted", async () => {
    const body = { step: 5, metrics, samples: Array.from({ length: 8 }, (_, i) => sample(i)) };
    const first = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, body);
    expect(first.status).toBe(201);
    const again = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, body);
    expect(again.status).toBe(200);
    expect((await again.json()).status).toBe("unchanged");
    const late = await call("POST", `/api/v1/runs/${runId}/steps`, researcherKey, { ...body, step: 3 });
    expect(late.status).toBe(201);
    expect(await steps()).toBe(2);
    const samples = await dbQuery<{ n: string }>(`select count(*) n from "RolloutSample" s join "RlStep" st on st.id = s."stepId" where st."runId" = $1`, [runId]);
    expect(Number(samples[0]!.n)).toBe(16);
    const control = await (await call("GET", `/api/v1/runs/${runId}/control`, researcherKey)).json();
    expect(control).toMatchObject({ action: "continue" });
  });
});

describe("run dashboard (Chromium)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists runs with the GenRM lineage", async () => {
    const page = await signInPage(browser, DEMO.researcher, "/runs");
    await page.waitForSelector('[data-testid="runs"]');
    expect(await page.locator('[data-testid="main-nav"] a', { hasText: "RL runs" }).count()).toBe(1);
    const demo = page.locator('[data-testid="runs"] a', { hasText: "Demo · GRPO run that learns to pad" });
    expect(await demo.count()).toBe(1);
    const lineage = await page.locator('[data-testid="lineage"]').innerText();
    expect(lineage).toMatch(/length-recalibrated/);
    expect(lineage).toMatch(/recalibrated for .*Demo · GRPO run that learns to pad/);
    await page.context().close();
  });

  it("draws the charts with data and the alert markers, then clicks through the recalibration timeline", async () => {
    const page = await signInPage(browser, DEMO.researcher, "/runs/demo-rl-run");
    await page.waitForSelector('[data-testid="chart-correlation"] .recharts-wrapper > svg.recharts-surface');
    // Each chart has drawn lines (or dots) from data, not just axes.
    for (const id of ["chart-length-reward", "chart-correlation", "chart-probe-lc"]) {
      const curves = page.locator(`[data-testid="${id}"] path.recharts-line-curve`);
      // "attached", not "visible": a flat series (say an LC win rate that holds still) draws a path
      // whose bounding box has no height, which Playwright calls hidden.
      await curves.first().waitFor({ state: "attached" });
      const d = await curves.first().getAttribute("d");
      expect(d && d.length, `${id} line has points`).toBeGreaterThan(50);
    }
    const dots = page.locator('[data-testid="chart-scatter"] .recharts-scatter-symbol');
    await dots.first().waitFor();
    expect(await dots.count()).toBeGreaterThanOrEqual(16);
    // Alert markers: a dot on the correlation chart and a line on the length chart per alert.
    const alerts = await page.locator('[data-testid="alert"]').count();
    expect(alerts).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="chart-correlation"] .recharts-reference-dot').count()).toBe(alerts);
    expect(await page.locator('[data-testid="chart-length-reward"] .recharts-reference-line.alert-marker, [data-testid="chart-length-reward"] .alert-marker').count()).toBeGreaterThan(0);

    // Timeline: alert → pause → recalibration → (training) → version → decision [→ resume].
    const kinds = await page.locator('[data-testid="timeline-event"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    const order = ["alert", "pause", "recalibration", "version", "decision"].map((k) => kinds.indexOf(k));
    expect(order.every((i) => i >= 0), `timeline kinds: ${kinds.join(", ")}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The alert entry selects its step for the scatter.
    const alertStep = await page.locator('[data-testid="alert"]').first().locator("a").first().innerText();
    await page.locator('[data-testid="timeline-event"][data-kind="alert"] a').first().click();
    await page.waitForURL((u) => u.searchParams.get("step") === alertStep);
    await page.waitForFunction((s) => document.querySelector('[data-testid="chart-scatter"] h2')?.textContent?.includes(`step ${s}`), alertStep);

    // The recalibration entry opens its page with the before/after numbers and the three checks.
    await page.locator('[data-testid="timeline-event"][data-kind="recalibration"] a').first().click();
    await page.waitForURL(/\/runs\/demo-rl-run\/recalibrations\//);
    await page.waitForSelector('[data-testid="recal-comparison"]');
    const status = await page.locator('[data-testid="recal-status"]').innerText();
    expect(["accepted", "rejected"]).toContain(status);
    expect(await page.locator('[data-testid="row-probe-corr"]').innerText()).toMatch(/-?\d\.\d{3}\s+-?\d\.\d{3}/);
    expect(await page.locator('[data-testid="row-accuracy"]').innerText()).toMatch(/\d+\.\d %\s+\d+\.\d %/);
    expect(await page.locator('[data-testid="recal-checks"] li').count()).toBe(3);
    // …and back to the run: accepted → it continues on the new version; rejected → it stays paused.
    await page.locator("a", { hasText: "Demo · GRPO run that learns to pad" }).click();
    await page.waitForSelector('[data-testid="timeline"]');
    const action = await page.locator('[data-testid="control-state"]').getAttribute("data-action");
    if (status === "accepted") {
      expect(action).toBe("continue");
      const resume = await page.locator('[data-testid="timeline-event"][data-kind="resume"]').first().innerText();
      expect(resume).toMatch(/Continue with .*length-recalibrated/);
      expect(await page.locator('[data-testid="run-model"]').innerText()).toMatch(/length-recalibrated/);
    } else {
      expect(action).toBe("pause");
    }
    await page.context().close();
  });
});
