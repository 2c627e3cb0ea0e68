/**
 * Tournaments end to end (Chromium): a researcher runs a tournament over a few prompts of the demo dataset with the
 * active (embedded, seeded) GenRM from the Tournaments page, watches the run finish, opens a prompt's
 * standings and games, overrides the reference with a reason, and the judge API then uses the override
 * as that prompt's reference: judging without `reference` equals judging against the overridden answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { promptKey, responseKey } from "@core/formats/content-key";
import { TEMPLATE_VERSION } from "@genrm/template";
import { baseUrl, createKey, dbQuery, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";

let browser: Browser;
let model: { id: string; version: number; backend: string } | undefined;
let datasetId: string | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  model = (await dbQuery<{ id: string; version: number; backend: string }>(`SELECT id, version, backend FROM "GenrmModel" WHERE status = 'active' ORDER BY version DESC LIMIT 1`))[0];
  // The demo dataset: one whose first 3 prompts (what "max 3 prompts" picks) each have 3–16 answers,
  // the GenRM demo task's when possible.
  datasetId = (
    await dbQuery<{ datasetId: string }>(
      `WITH firsts AS (
         SELECT p.id, p."datasetId", row_number() OVER (PARTITION BY p."datasetId" ORDER BY p."createdAt", p.id) AS rn FROM "Prompt" p),
       counts AS (
         SELECT f."datasetId", COUNT(r.id) AS n, bool_or(r.model IN ('atlas-large','chatty-medium','bolt-small','drift-tiny')) AS demo
         FROM firsts f LEFT JOIN "Response" r ON r."promptId" = f.id WHERE f.rn <= 3 GROUP BY f.id, f."datasetId")
       SELECT "datasetId" FROM counts GROUP BY "datasetId"
       HAVING COUNT(*) = 3 AND MIN(n) >= 3 AND MAX(n) <= 16 ORDER BY bool_or(demo) DESC LIMIT 1`,
    )
  )[0]?.datasetId;
  await ensureFallbacks();
  console.log(`tournaments e2e: judged by GenRM v${model?.version} (${model?.backend ?? "none"}), dataset ${datasetId}`);
});
afterAll(async () => browser?.close());

/**
 * Fallback for machines where the seed could not produce the embedded demo GenRM or a demo dataset (no
 * torch, or running this spec before those seed steps exist): with GENRM_ALLOW_TEST_BACKENDS=1 in the
 * environment of the e2e run, register the deterministic TEST DOUBLE judge as a candidate version and a
 * small dataset, so the UI flow is still exercised (TOURNAMENTS_E2E_FAKE_JUDGE=1 forces the double even
 * when an active version exists). The spec logs which judge it used.
 */
async function ensureFallbacks() {
  if (process.env.GENRM_ALLOW_TEST_BACKENDS !== "1") return;
  const tag = Date.now().toString(36);
  if (!model || process.env.TOURNAMENTS_E2E_FAKE_JUDGE === "1") {
    model = { id: `e2e-fake-genrm-${tag}`, version: 900_000 + Math.floor(Math.random() * 99_999), backend: "deterministic" };
    await dbQuery(
      `INSERT INTO "GenrmModel" (id, version, name, backend, kind, config, "templateVersion", status) VALUES ($1, $2, 'e2e fake judge', 'deterministic', 'external', '{"salt":"e2e","positionBias":0.3}', $3, 'candidate')`,
      [model.id, model.version, TEMPLATE_VERSION],
    );
  }
  if (!datasetId) {
    datasetId = `e2e-tournament-ds-${tag}`;
    const owner = (await dbQuery<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [DEMO.researcher]))[0]!.id;
    await dbQuery(`INSERT INTO "Dataset" (id, name, "createdById") VALUES ($1, 'e2e tournament demo', $2)`, [datasetId, owner]);
    for (let i = 0; i < 3; i++) {
      const text = `What is ${i + 2} times ${i + 3}?`;
      const pk = promptKey(text);
      await dbQuery(`INSERT INTO "Prompt" (id, "datasetId", key, text) VALUES ($1, $2, $3, $4)`, [`${datasetId}-p${i}`, datasetId, pk, text]);
      const answers = [`${(i + 2) * (i + 3)}.`, `It is ${(i + 2) * (i + 3)}, because ${i + 2} groups of ${i + 3} make ${(i + 2) * (i + 3)}.`, `${(i + 2) * (i + 3) + 1}`, "I think it is a number.", `**${(i + 2) * (i + 3)}**`];
      for (const [j, a] of answers.entries()) {
        await dbQuery(`INSERT INTO "Response" (id, "promptId", model, text, key, "charLen", "tokenLen") VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          `${datasetId}-p${i}-r${j}`, `${datasetId}-p${i}`, `model-${j}`, a, responseKey(pk, `model-${j}`, a), a.length, Math.ceil(a.length / 4),
        ]);
      }
    }
  }
}

/** E2E_SCREENSHOTS=<dir>: full-page screenshots for reviewing the pages by eye. */
async function shot(page: import("playwright-core").Page, name: string) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true });
}

interface JudgeReply {
  results: { probs?: { better: number; same: number; worse: number }; referenceSource?: string; error?: { message: string } }[];
}

async function judge(key: string, item: { prompt: string; response: string; reference?: string }): Promise<JudgeReply["results"][number]> {
  const res = await fetch(`${baseUrl()}/api/v1/judge`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ items: [item], model: model!.id }),
  });
  const json = (await res.json()) as JudgeReply;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json.results[0]!;
}

describe("tournaments (Chromium)", () => {
  it("runs a tournament, shows standings, records an override that the judge API then uses", async (ctx) => {
    if (!model) ctx.skip("no active GenRM version in the seeded database (the demo GenRM step was skipped: is torch installed?); set GENRM_ALLOW_TEST_BACKENDS=1 to run the flow with the test double");
    expect(datasetId, "the seed has a dataset with 3+ answers per prompt").toBeTruthy();

    // 1. Start a run from the UI on 3 prompts with a top-4 best-of-3 playoff as contender stage.
    const page = await signInPage(browser, DEMO.researcher, "/tournaments");
    await page.goto("/tournaments");
    const form = page.locator('[data-testid="start-tournament"]');
    await form.locator('select[name="datasetId"]').selectOption(datasetId!);
    await form.locator('select[name="modelId"]').selectOption(model!.id);
    await form.locator('input[name="maxPrompts"]').fill("3");
    await form.locator('input[name="seed"]').fill("11");
    await form.locator('select[name="contender"]').selectOption("playoff");
    await form.locator('input[name="top"]').fill("4");
    await form.locator('input[name="bestOf"]').fill("3");
    await form.locator("button", { hasText: "Run tournaments" }).click();
    await page.waitForURL(/\/tournaments\/[^/]+$/, { timeout: 30_000 });
    const runId = new URL(page.url()).pathname.split("/").pop()!;

    // 2. The worker plays it; the page refreshes itself until the run is done.
    await page.waitForFunction(() => document.querySelector('[data-testid="run-progress"]')?.textContent?.includes("3/3"), null, { timeout: 90_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="status"]')][0]?.textContent === "succeeded", null, { timeout: 30_000 });
    for (const chart of ["reference-share-chart", "length-chart"]) {
      await page.waitForSelector(`[data-testid="${chart}"] .recharts-wrapper > svg.recharts-surface .recharts-bar-rectangle`, { timeout: 15_000 });
    }
    await shot(page, "tournament-run");
    expect(await page.textContent('[data-testid="length-smell"]')).toMatch(/The longest answer won \d+ of \d+ tournaments/);
    const run = (await dbQuery<{ status: string; judgeCalls: number; modelId: string }>(`SELECT status, "judgeCalls", "modelId" FROM "TournamentRun" WHERE id = $1`, [runId]))[0]!;
    expect(run).toMatchObject({ status: "succeeded", modelId: model!.id });

    // 3. A prompt whose tournament was played: standings with tie-breaks, games with both verdicts.
    const played = (
      await dbQuery<{ promptId: string; winner: string }>(
        `SELECT t."promptId", t."winnerResponseId" AS winner FROM "Tournament" t WHERE t."runId" = $1 AND EXISTS (SELECT 1 FROM "Game" g WHERE g."tournamentId" = t.id) ORDER BY t."createdAt" LIMIT 1`,
        [runId],
      )
    )[0]!;
    expect(played, "at least one prompt played games").toBeTruthy();
    await page.click(`a[href="/tournaments/${runId}/prompts/${played.promptId}"]`);
    await page.waitForSelector('[data-testid="standings"]');
    expect(await page.locator('[data-testid="standing-row"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('[data-testid="standings"] thead')).toMatch(/Buchholz cut-1.*Sonneborn-Berger/s);
    const gameRows = page.locator('[data-testid="game-row"]');
    expect(await gameRows.count()).toBeGreaterThan(0);
    expect(await gameRows.first().textContent()).toMatch(/\d\.\d\d \/ \d\.\d\d \/ \d\.\d\d.*\d\.\d\d \/ \d\.\d\d \/ \d\.\d\d/);
    expect(await page.textContent('[data-testid="current-reference"]')).toContain("tournament");

    // 4. Override the reference with another answer, saying why.
    const override = page.locator('[data-testid="override-form"]');
    const chosenId = await override.locator('select[name="responseId"] option').first().getAttribute("value");
    expect(chosenId).not.toBe(played.winner);
    await override.locator('select[name="responseId"]').selectOption(chosenId!);
    await override.locator('textarea[name="reason"]').fill("e2e: the winner misses the point");
    await override.locator("button").click();
    await page.waitForSelector('[data-testid="override-done"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="override-who"]')?.textContent?.includes("e2e: the winner misses the point"), null, { timeout: 15_000 });
    expect(await page.textContent('[data-testid="override-who"]')).toContain("Rosa Researcher");
    const ref = (await dbQuery<{ responseId: string; source: string; reason: string; email: string }>(
      `SELECT r."responseId", r.source, r.reason, u.email FROM "Reference" r JOIN "User" u ON u.id = r."setById" WHERE r."promptId" = $1 ORDER BY r."createdAt" DESC LIMIT 1`,
      [played.promptId],
    ))[0]!;
    await shot(page, "tournament-prompt");
    expect(ref).toMatchObject({ responseId: chosenId, source: "override", reason: "e2e: the winner misses the point", email: DEMO.researcher });
    await page.context().close();

    // 5. The judge API uses the override: no `reference` ≡ the overridden answer as reference.
    const texts = await dbQuery<{ id: string; text: string }>(`SELECT id, text FROM "Response" WHERE id = ANY($1)`, [[chosenId, played.winner]]);
    const text = (id: string) => texts.find((t) => t.id === id)!.text;
    const prompt = (await dbQuery<{ text: string }>(`SELECT text FROM "Prompt" WHERE id = $1`, [played.promptId]))[0]!.text;
    const { key } = await createKey(await sessionCookie(DEMO.researcher), ["judge"], "e2e-tournaments");
    const candidate = text(played.winner);
    const explicit = await judge(key, { prompt, response: candidate, reference: text(chosenId!) });
    const againstWinner = await judge(key, { prompt, response: candidate, reference: candidate });
    // The API caches a prompt's reference for a few seconds: wait for the override to apply.
    const deadline = Date.now() + 20_000;
    let implicit = await judge(key, { prompt, response: candidate });
    while (implicit.referenceSource !== "override" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      implicit = await judge(key, { prompt, response: candidate });
    }
    expect(implicit.referenceSource).toBe("override");
    for (const k of ["better", "same", "worse"] as const) expect(implicit.probs![k]).toBeCloseTo(explicit.probs![k], 9);
    // …and it is not what judging against the tournament's winner gives.
    expect(Math.abs(implicit.probs!.better - againstWinner.probs!.better) + Math.abs(implicit.probs!.worse - againstWinner.probs!.worse)).toBeGreaterThan(1e-6);
  });

  it("an undecided prompt waits for a human when the run says so: counted on the run page, confidence on the prompt page, no reference until an override", async (ctx) => {
    if (!model) ctx.skip("no active GenRM version in the seeded database; set GENRM_ALLOW_TEST_BACKENDS=1 to run the flow with the test double");
    // P(best) < 1 holds for every played tournament, so with the threshold at 1 every prompt is undecided.
    const page = await signInPage(browser, DEMO.researcher, "/tournaments");
    await page.goto("/tournaments");
    const form = page.locator('[data-testid="start-tournament"]');
    await form.locator('select[name="datasetId"]').selectOption(datasetId!);
    await form.locator('select[name="modelId"]').selectOption(model!.id);
    await form.locator('input[name="maxPrompts"]').fill("2");
    await form.locator('input[name="seed"]').fill("12");
    await form.locator('input[name="minConfidence"]').fill("1");
    await form.locator('select[name="undecided"]').selectOption("wait-for-human");
    await form.locator("button", { hasText: "Run tournaments" }).click();
    await page.waitForURL(/\/tournaments\/[^/]+$/, { timeout: 30_000 });
    const runId = new URL(page.url()).pathname.split("/").pop()!;
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="status"]')][0]?.textContent === "succeeded", null, { timeout: 120_000 });
    const played = await dbQuery<{ id: string; promptId: string; winner: string }>(
      `SELECT t.id, t."promptId", t."winnerResponseId" AS winner FROM "Tournament" t WHERE t."runId" = $1 AND EXISTS (SELECT 1 FROM "Game" g WHERE g."tournamentId" = t.id) ORDER BY t."createdAt"`,
      [runId],
    );
    expect(played.length, "at least one prompt played games").toBeGreaterThan(0);
    // A prompt whose current reference is a researcher's override (an earlier test may have set one) has
    // its human answer already: undecided, but not waiting.
    const overridden = new Set(
      (
        await dbQuery<{ id: string }>(
          `SELECT p.id FROM unnest($1::text[]) AS p(id)
            WHERE (SELECT r.source FROM "Reference" r WHERE r."promptId" = p.id ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1) = 'override'`,
          [played.map((t) => t.promptId)],
        )
      ).map((r) => r.id),
    );
    const waiting = played.length - overridden.size;
    const target = played.find((t) => !overridden.has(t.promptId));
    expect(target, "a played prompt without an earlier override").toBeTruthy();
    expect(await page.textContent('[data-testid="run-decisions"]')).toMatch(new RegExp(`0 decided · ${played.length} undecided · ${waiting} waiting for a human`));
    // Nothing was written as a reference by this run's tournaments.
    const written = await dbQuery<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Reference" r JOIN "Tournament" t ON t.id = r."tournamentId" WHERE t."runId" = $1`, [runId]);
    expect(written[0]!.n).toBe(0);

    await page.click(`a[href="/tournaments/${runId}/prompts/${target!.promptId}"]`);
    await page.waitForSelector('[data-testid="winner-confidence"]');
    expect(await page.textContent('[data-testid="winner-confidence"]')).toMatch(/P\(winner is the best answer\) ≈ \d+ %.*undecided/s);
    expect(await page.textContent('[data-testid="undecided-note"]')).toMatch(/No reference was set: it waits for a researcher/);
    await shot(page, "tournament-undecided");

    // The researcher decides: the override is the reference and the run page no longer counts it as waiting.
    const override = page.locator('[data-testid="override-form"]');
    const chosen = await override.locator('select[name="responseId"] option').first().getAttribute("value");
    await override.locator('select[name="responseId"]').selectOption(chosen!);
    await override.locator('textarea[name="reason"]').fill("e2e: checked by hand");
    await override.locator("button").click();
    await page.waitForSelector('[data-testid="override-done"]');
    await page.goto(`/tournaments/${runId}`);
    expect(await page.textContent('[data-testid="run-decisions"]')).toMatch(new RegExp(`${played.length} undecided${waiting > 1 ? ` · ${waiting - 1} waiting for a human` : ""}`));
    await page.context().close();
  });

  it("refuses a bad start and a bad override with a clear message, writing nothing", async () => {
    const cookie = await sessionCookie(DEMO.researcher);
    const before = Number((await dbQuery<{ n: string }>(`SELECT COUNT(*) AS n FROM "TournamentRun"`))[0]!.n);
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl()}${path}`, { method: "POST", headers: { "content-type": "application/json", cookie, origin: baseUrl() }, body: JSON.stringify(body) });
    const bad = await post("/api/tournaments", { datasetId: datasetId ?? "x", config: { contender: { kind: "playoff", top: 4, bestOf: 2 } } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/bestOf must be odd/);
    const unknown = await post("/api/tournaments", { datasetId: "no-such-dataset" });
    expect(unknown.status).toBe(404);
    expect(Number((await dbQuery<{ n: string }>(`SELECT COUNT(*) AS n FROM "TournamentRun"`))[0]!.n)).toBe(before);
    const t = (await dbQuery<{ runId: string; promptId: string }>(`SELECT "runId", "promptId" FROM "Tournament" LIMIT 1`))[0];
    if (t) {
      const noReason = await post(`/api/tournaments/${t.runId}/prompts/${t.promptId}/reference`, { responseId: "x", reason: "" });
      expect(noReason.status).toBe(400);
      expect((await noReason.json()).error).toMatch(/reason/);
    }
  });
});
