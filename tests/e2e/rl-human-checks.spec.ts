/**
 * Humans in the loop during RL, end to end in Chromium: a researcher turns human checks on from the run
 * page, the trainer reports steps through the API, an annotator labels the sampled rollouts blind in the
 * real /label UI (keyboard), and the run page's "GenRM vs humans" chart draws from those labels.
 * The prompts' references are written here (a dataset of our own), so the test does not depend on which
 * references the demo seed's tournament picked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { randomBytes } from "node:crypto";
import { promptKey, responseKey } from "@core/formats/content-key";
import { baseUrl, createKey, dbQuery, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";

let key: string;
let runId: string;
let browser: Browser;

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  key = (await createKey(await sessionCookie(DEMO.researcher), ["runs:write", "judge"])).key;
  const res = await call("POST", "/api/v1/runs", { name: `e2e human checks ${Date.now()}`, policy: "none", autoPause: false });
  expect(res.status).toBe(201);
  runId = (await res.json()).run.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("human checks on an RL run (Chromium)", () => {
  it("a researcher sets the sampling rate on the run page; bad input is refused", async () => {
    expect((await call("POST", "/api/v1/runs", { name: "bad rate", humanSampleRate: 2 })).status).toBe(400);
    const page = await signInPage(browser, DEMO.researcher, `/runs/${runId}`);
    const form = page.locator('[data-testid="human-check-settings"]');
    await form.locator("input").fill("100");
    await form.locator('button[type="submit"]').click();
    await expect.poll(async () => (await dbQuery<{ r: number }>(`select "humanSampleRate" r from "RlRun" where id = $1`, [runId]))[0]!.r).toBe(1);
    await page.context().close();
  });

  it("sampled rollouts are labelled blind in /label and the run page charts GenRM vs humans from them", async () => {
    const tag = randomBytes(4).toString("hex");
    const [{ id: owner }] = await dbQuery<{ id: string }>(`select id from "User" where email = $1`, [DEMO.researcher]);
    const ds = `e2e-refs-${tag}`;
    await dbQuery(`insert into "Dataset" (id, name, "createdById") values ($1, $1, $2)`, [ds, owner]);
    const refs = [0, 1, 2].map((i) => ({ prompt: `E2E ${tag}: what is ${i} times seven?`, reference: `${i} times seven is ${i * 7}.` }));
    for (const [i, r] of refs.entries()) {
      const pk = promptKey(r.prompt);
      await dbQuery(`insert into "Prompt" (id, "datasetId", key, text) values ($1, $2, $3, $4)`, [`${ds}-p${i}`, ds, pk, r.prompt]);
      await dbQuery(`insert into "Response" (id, "promptId", model, text, key, "charLen", "tokenLen") values ($1, $2, 'ref', $3, $4, $5, 4)`, [
        `${ds}-r${i}`, `${ds}-p${i}`, r.reference, responseKey(pk, "ref", r.reference), r.reference.length,
      ]);
      await dbQuery(`insert into "Reference" (id, "promptId", "responseId", source) values ($1, $2, $3, 'imported')`, [`${ds}-ref${i}`, `${ds}-p${i}`, `${ds}-r${i}`]);
    }
    for (const step of [1, 2]) {
      const samples = refs.map((r, i) => ({ prompt: r.prompt, response: `Step ${step} rollout ${i}: I believe the answer is ${step * 7 + i}.`, reward: 0.2 * step }));
      const res = await call("POST", `/api/v1/runs/${runId}/steps`, { step, metrics: { length_mean: 50, length_p50: 50, length_p90: 60, reward_mean: 0.2 * step, reward_std: 0.1 }, samples });
      expect(res.status).toBe(201);
    }
    const [{ queue }] = await dbQuery<{ queue: string }>(`select "humanDatasetId" queue from "RlRun" where id = $1`, [runId]);
    expect(queue).toBeTruthy();

    const page = await signInPage(browser, DEMO.annotator, `/label/${queue}`);
    let labelled = 0;
    for (let i = 0; i < 20; i++) {
      const done = await page.waitForSelector('[data-testid="task"], [data-testid="all-done"]');
      if ((await done.getAttribute("data-testid")) === "all-done") break;
      // blind: no model names or the run's name on the page
      expect(await page.textContent("body")).not.toMatch(/rl-rollout|e2e human checks/);
      const id = await page.getAttribute('[data-testid="task"]', "data-assignment");
      await page.waitForTimeout(60);
      await page.keyboard.press(i % 2 ? "1" : "3");
      await page.keyboard.press("c");
      await page.keyboard.press("Enter");
      await page.waitForFunction((prev) => document.querySelector('[data-testid="task"]')?.getAttribute("data-assignment") !== prev, id, { timeout: 10_000 });
      labelled++;
    }
    expect(labelled).toBeGreaterThanOrEqual(refs.length * 2);
    await page.context().close();

    const run = await signInPage(browser, DEMO.researcher, `/runs/${runId}`);
    await run.waitForSelector('[data-testid="chart-human-genrm"] .recharts-wrapper > svg.recharts-surface');
    expect(await run.locator('[data-testid="human-checks-empty"]').count()).toBe(0);
    expect(await run.textContent('[data-testid="human-check-counts"]')).toMatch(/\d+ queued · [1-9]\d* labelled/);
    // both series drawn from data: a GenRM curve and a human curve with points at the labelled steps
    await run.locator('[data-testid="chart-human-genrm"] path.recharts-line-curve').first().waitFor({ state: "attached" });
    expect(await run.locator('[data-testid="chart-human-genrm"] path.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);
    expect(await run.locator('[data-testid="chart-human-genrm"] .recharts-scatter-symbol').count()).toBeGreaterThanOrEqual(2);
    expect(await run.locator('[data-testid="chart-repetition"] path.recharts-line-curve').count()).toBeGreaterThanOrEqual(1);
    await run.context().close();
  });
});
