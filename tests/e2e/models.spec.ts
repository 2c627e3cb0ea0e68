/**
 * Training and promotion end to end (Chromium): a researcher starts a training job from the "train new version" form, watches
 * the run page's progress bar and loss curve advance, opens the new candidate version and sees its
 * held-out metrics and charts, promotes it (it becomes the active version the API serves) and rolls
 * back (the version active before is restored). Also: a bad form submission shows the server's reason.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Browser, Page } from "playwright-core";
import { baseUrl, dbQuery, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";

let browser: Browser;
let page: Page;

const DEMO_DATASET = "Demo · GenRM judge labels";
// Small and quick (tens of seconds on 2 cores); what is tested here is the flow, not model quality.
// Long enough (≈ 10 s or more of training on a fast CPU, patience off) that the 2 s auto-refresh shows
// the bar in between 0 and 100; 2 epochs finished between two refreshes on a fast machine.
const KNOBS: Record<string, string> = { epochs: "12", patience: "0", dModel: "32", nLayer: "1", nHead: "2", contextLength: "192", batchSize: "32", name: "e2e quick judge" };

/** Runs `fn` with the e2e worker's training queue, closing the connection after. */
async function withTrainQueue<T>(fn: (q: Queue) => Promise<T>): Promise<T> {
  const connection = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const q = new Queue("train", { connection, prefix: inject("queuePrefix") });
  try {
    return await fn(q);
  } finally {
    await q.close();
    connection.disconnect();
  }
}

/**
 * The newest evaluation of version `version` once it succeeded or failed; on timeout, where it stands
 * and what the training queue holds (the assertion message then says why it took so long).
 */
async function evaluationOutcome(version: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const by = Date.now() + timeoutMs;
  for (;;) {
    const row = (
      await dbQuery<{ status: string; error: string | null }>(
        `SELECT e.status, e.error FROM "Evaluation" e JOIN "GenrmModel" m ON m.id = e."modelId" WHERE m.version = $1 ORDER BY e."createdAt" DESC LIMIT 1`,
        [version],
      )
    )[0];
    if (row && (row.status === "succeeded" || row.status === "failed")) return row;
    if (Date.now() > by) {
      const queue = await withTrainQueue(async (q) => ({
        trainQueue: await q.getJobCounts("active", "waiting", "delayed", "prioritized", "failed"),
        activeJobs: (await q.getJobs(["active"])).map((j) => `${j.name} ${j.id}`),
      }));
      return { ...(row ?? { status: "no evaluation row" }), afterMs: timeoutMs, ...queue };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function activeVersion(): Promise<number | null> {
  return (await dbQuery<{ version: number }>(`SELECT version FROM "GenrmModel" WHERE status = 'active' ORDER BY version DESC LIMIT 1`))[0]?.version ?? null;
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signInPage(browser, DEMO.researcher, "/models");
  page.on("dialog", (d) => void d.accept()); // the roll back confirmation
});
afterAll(async () => browser?.close());

describe("GenRM registry in the browser", () => {
  it("refuses a training form without datasets, showing the reason", async () => {
    await page.goto(`${baseUrl()}/models/train`);
    await page.click('[data-testid="start-training"]');
    const alert = await page.waitForSelector('[data-testid="train-error"]');
    expect(await alert.textContent()).toBe("datasetIds: pick at least one dataset");
    expect(new URL(page.url()).pathname).toBe("/models/train");
  });

  it("an empty dataset is refused in the form with the server's reason", async () => {
    const owner = (await dbQuery<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [DEMO.researcher]))[0]!.id;
    const name = `e2e-empty-${randomBytes(3).toString("hex")}`;
    await dbQuery(`INSERT INTO "Dataset" (id, name, "createdById") VALUES ($1, $2, $3)`, [`ds-${name}`, name, owner]);
    await page.goto(`${baseUrl()}/models/train`);
    await page.check(`[data-testid="dataset-${name}"]`);
    await page.click('[data-testid="start-training"]');
    const alert = await page.waitForSelector('[data-testid="train-error"]');
    expect(await alert.textContent()).toBe(`No labels yet in dataset "${name}": an empty dataset cannot train a judge. Label some comparisons first.`);
  });

  it("a queued job with bad input fails early and its run page says why", async () => {
    // A run row whose kind no trainer knows (as if written by an older or foreign client), queued for
    // the real worker process: it must fail at once, without retries, with the reason on the page.
    const ds = (await dbQuery<{ id: string }>(`SELECT id FROM "Dataset" WHERE name = $1`, [DEMO_DATASET]))[0]!.id;
    const runId = `e2e-bad-kind-${randomBytes(3).toString("hex")}`;
    await dbQuery(`INSERT INTO "TrainingRun" (id, kind, "datasetIds", params) VALUES ($1, 'gigantic', $2, '{}')`, [runId, [ds]]);
    await withTrainQueue(async (q) => {
      // Earlier specs may have left trainings on this queue (one at a time): "early" is about this job, so
      // it is queued once the queue is idle.
      const idleBy = Date.now() + 300_000;
      for (;;) {
        const c = await q.getJobCounts("active", "waiting", "delayed", "prioritized");
        if (c.active + c.waiting + c.delayed + c.prioritized === 0 || Date.now() > idleBy) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      await q.add("genrm.train", { trainingRunId: runId }, { jobId: `genrm.train-${runId}`, attempts: 3 });
    });
    await page.goto(`${baseUrl()}/models/runs/${runId}`);
    const err = await page.waitForSelector('[data-testid="run-error"]', { timeout: 60_000 });
    expect(await err.textContent()).toBe('kind: unknown model kind "gigantic": expected one of tiny, lora');
    expect(await page.textContent('[data-testid="status"]')).toBe("failed");
    const [row] = await dbQuery<{ status: string; error: string }>(`SELECT status, error FROM "TrainingRun" WHERE id = $1`, [runId]);
    expect(row!.status).toBe("failed");
  }, 400_000);

  let runPath = "";
  let newVersion = 0;

  it("starts a training job and watches its progress and loss curve advance", async () => {
    const ds = await dbQuery<{ id: string }>(`SELECT id FROM "Dataset" WHERE name = $1`, [DEMO_DATASET]);
    expect(ds, "the demo seed's labels dataset").toHaveLength(1);
    await page.goto(`${baseUrl()}/models/train`);
    await page.check(`[data-testid="dataset-${DEMO_DATASET}"]`);
    for (const [name, value] of Object.entries(KNOBS)) await page.fill(`[name="${name}"]`, value);
    await page.click('[data-testid="start-training"]');
    await page.waitForURL(/\/models\/runs\/[a-z0-9]+$/, { timeout: 30_000 });
    runPath = new URL(page.url()).pathname;

    // Progress advances on its own (AutoRefresh): sample the bar until it has moved past a first reading.
    const bar = () => page.getAttribute('[role="progressbar"]', "aria-valuenow").then(Number);
    const seen: number[] = [];
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      seen.push(await bar());
      const done = await page.$('[data-testid="run-model"]');
      if (done) break;
      await page.waitForTimeout(1000);
    }
    const distinct = [...new Set(seen)];
    expect(distinct.length, `progress readings: ${seen.join(",")}`).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never goes backwards
    await page.waitForSelector('[data-testid="run-model"]', { timeout: 60_000 });
    expect(await bar()).toBe(100);
    expect(await page.textContent('[data-testid="run-phase"]')).toBe("done");
    // The loss curve is drawn (a chart, not the empty-state text), and the log shows the export.
    await page.waitForSelector('[data-testid="loss-curve"] .recharts-wrapper > svg.recharts-surface');
    expect(await page.textContent('[data-testid="run-logs"]')).toMatch(/export: \d+ labels → \d+ training rows/);
    const link = await page.textContent('[data-testid="run-model"] a');
    newVersion = Number(/v(\d+)/.exec(link ?? "")![1]);
    expect(newVersion).toBeGreaterThan(0);
  }, 330_000);

  it("shows the new candidate with held-out metrics, confusion matrix, reliability chart and length probe", async () => {
    await page.click('[data-testid="run-model"] a');
    await page.waitForURL(new RegExp(`/models/${newVersion}$`));
    expect(await page.textContent('[data-testid="status"]')).toBe("candidate");
    // Evaluation runs as its own job on the training queue (one at a time, so it may wait behind
    // earlier specs' jobs); the page refreshes itself until the numbers are there. Waited for in the
    // database first, so a slow or failed evaluation says which it was.
    const evaluation = await evaluationOutcome(newVersion, 300_000);
    expect(evaluation.status, JSON.stringify(evaluation)).toBe("succeeded");
    await page.waitForSelector('[data-testid="metric-accuracy"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="metric-accuracy"]')).toMatch(/^\d+\.\d %$/);
    expect(await page.textContent('[data-testid="metric-length-probe"]')).toMatch(/^\d+ %$/);
    const cells = await page.$$eval('[data-testid="confusion-matrix"] tbody td.w-16', (tds) => tds.map((t) => Number(t.textContent)));
    expect(cells).toHaveLength(9);
    const heldout = (await dbQuery<{ n: number }>(`SELECT (metrics->>'n')::int AS n FROM "Evaluation" e JOIN "GenrmModel" m ON m.id = e."modelId" WHERE m.version = $1 AND e.status = 'succeeded'`, [newVersion]))[0]!.n;
    expect(cells.reduce((a, b) => a + b, 0)).toBe(heldout);
    await page.waitForSelector('[data-testid="reliability-chart"] .recharts-wrapper > svg.recharts-surface');
    await page.waitForSelector('[data-testid="length-probe-chart"] .recharts-wrapper > svg.recharts-surface');
    expect(await page.textContent('[data-testid="lineage-labels"]')).toMatch(/^\d+ \(\d+ trained on, \d+ held out\)$/);

    // Side by side with its parent (the version active when it was trained), when there is one.
    const compare = await page.$('[data-testid="compare-parent"]');
    if (compare) {
      await compare.click();
      await page.waitForSelector('[data-testid="compare-table"]');
      const heads = await page.$$eval('[data-testid="compare-table"] thead th a', (as) => as.map((a) => a.textContent));
      expect(heads[1]).toBe(`v${newVersion}`);
      expect(await page.textContent('[data-testid="compare-table"]')).toMatch(/Held-out accuracy/);
      await page.goBack();
    }
  }, 420_000);

  it("promote makes it the active version; roll back restores the version active before", async () => {
    const before = await activeVersion();
    await page.click(`[data-testid="promote-v${newVersion}"]`);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === "active");
    expect(await activeVersion()).toBe(newVersion);

    // The judge API serves it now (its model field names the version).
    const cookie = await sessionCookie(DEMO.researcher);
    const list = await (await fetch(`${baseUrl()}/api/models`, { headers: { cookie } })).json();
    expect(list.active.version).toBe(newVersion);

    await page.goto(`${baseUrl()}/models`);
    expect(await page.textContent('[data-testid="active-version"]')).toBe(`v${newVersion}`);
    if (before === null) {
      // Nothing was active before (no demo GenRM on this machine): roll back has nowhere to go.
      expect(await page.isDisabled('[data-testid="rollback"]')).toBe(true);
      return;
    }
    await page.click('[data-testid="rollback"]');
    await page.waitForFunction((v) => document.querySelector('[data-testid="active-version"]')?.textContent === `v${v}`, before);
    expect(await activeVersion()).toBe(before);
    expect(await page.textContent(`[data-testid="model-row-v${newVersion}"] [data-testid="status"]`)).toBe("retired");
  }, 60_000);
});
