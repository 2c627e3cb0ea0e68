/**
 * The annotator workflow in Chromium: labels 10 comparisons with the keyboard only and the labels land
 * in the database with side, strength, rationale and time; blind (no model names); researchers cannot
 * label as someone else and annotators cannot read quality or labels; the researcher's import page
 * shows line-numbered errors; the quality page shows κ and α for a hand-computed case.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { dbQuery, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";
import { call, datasetFromRecords } from "./labelling-helpers";

let browser: Browser;
let researcher: string;
let annotator: string;

beforeAll(async () => {
  browser = await launchBrowser();
  researcher = await sessionCookie(DEMO.researcher);
  annotator = await sessionCookie(DEMO.annotator);
});
afterAll(async () => browser?.close());

const records = Array.from({ length: 12 }, (_, i) => ({
  prompt: `Question ${i}: what is ${i} + ${i}?`,
  responses: [
    { model: "secret-model-alpha", text: `The answer is **${2 * i}**.` },
    { model: "secret-model-beta", text: `I believe it is ${2 * i + 1}, but here is a long explanation.\n\n\`\`\`python\nprint(${i} + ${i})\n\`\`\`` },
  ],
}));

describe("labelling with the keyboard", () => {
  it("an annotator labels 10 comparisons using only the keyboard; labels are stored with side, strength, rationale and time", async () => {
    const datasetId = await datasetFromRecords(researcher, `keyboard ${Date.now()}`, records);
    const page = await signInPage(browser, DEMO.annotator, `/label/${datasetId}`);
    await page.waitForSelector('[data-testid="task"]');
    expect(await page.textContent("body")).not.toMatch(/secret-model|charLen|characters long/);
    await expect.poll(() => page.textContent('[data-testid="progress-remaining"]')).toBe("12");
    // key plan per task: [choice key, strength key or null, rationale or null]
    const plan: Array<[string, string | null, string | null]> = [
      ["1", "s", null], ["3", "c", "right one is correct"], ["2", null, null], ["ArrowLeft", "c", null], ["ArrowRight", "s", "slightly clearer"],
      ["ArrowDown", null, "both fine"], ["1", "c", null], ["3", "s", null], ["2", null, null], ["1", "s", "shorter and right"],
    ];
    const seen: string[] = [];
    for (const [choice, strength, rationale] of plan) {
      const id = (await page.getAttribute('[data-testid="task"]', "data-assignment"))!;
      seen.push(id);
      await page.waitForTimeout(60); // a moment "reading", so time spent is > 0
      await page.keyboard.press(choice);
      if (strength) await page.keyboard.press(strength);
      if (rationale) {
        await page.keyboard.press("r");
        await page.keyboard.type(rationale);
      }
      await page.keyboard.press("Enter");
      await page
        .waitForFunction((prev) => document.querySelector('[data-testid="task"]')?.getAttribute("data-assignment") !== prev, id, { timeout: 10_000 })
        .catch(async (e) => {
          const notice = await page.textContent('[data-testid="notice"]').catch(() => null);
          throw new Error(`step ${seen.length} (${choice}, ${strength}, ${rationale}) did not advance; notice: ${notice}; ${(e as Error).message}`);
        });
    }
    await expect.poll(() => page.textContent('[data-testid="progress-remaining"]')).toBe("2");

    const rows = await dbQuery<{ assignmentId: string; verdict: string; strength: number; rationale: string | null; shownLeft: string; msSpent: number; state: string; aShown: string }>(
      `SELECT l."assignmentId", l.verdict, l.strength, l.rationale, l."shownLeft", l."msSpent", a.state, a."shownLeft" AS "aShown"
       FROM "Label" l JOIN "Assignment" a ON a.id = l."assignmentId" WHERE l."assignmentId" = ANY($1)`,
      [seen],
    );
    expect(rows).toHaveLength(10);
    const byId = new Map(rows.map((r) => [r.assignmentId, r]));
    const other = (s: string) => (s === "a" ? "b" : "a");
    plan.forEach(([choice, strength, rationale], i) => {
      const r = byId.get(seen[i]!)!;
      const side = ["1", "ArrowLeft"].includes(choice) ? "left" : ["3", "ArrowRight"].includes(choice) ? "right" : "same";
      const expected = side === "same" ? "tie" : side === "left" ? r.shownLeft : other(r.shownLeft);
      expect([r.verdict, r.strength, r.rationale, r.state, r.shownLeft]).toEqual([expected, strength === "c" ? 2 : strength === "s" ? 1 : 0, rationale, "done", r.aShown]);
      expect(r.msSpent).toBeGreaterThan(0);
      expect(r.msSpent).toBeLessThan(60_000);
    });
    // Sides really are randomised per assignment: counted over every assignment in this database (ten
    // alone all land on one side 1 time in 512).
    const sides = await dbQuery<{ shownLeft: string; n: number }>(`SELECT "shownLeft", count(*)::int AS n FROM "Assignment" GROUP BY 1`, []);
    expect(sides.map((r) => r.shownLeft).sort(), JSON.stringify(sides)).toEqual(["a", "b"]);
    await page.context().close();
  });

  it("researchers cannot label as someone else; annotators cannot read quality, exports or others' labels", async () => {
    const datasetId = await datasetFromRecords(researcher, `roles ${Date.now()}`, records.slice(0, 2), { mode: "pairwise", overlap: 2 });
    const next = await call(annotator, "POST", "/api/label/next", { datasetId });
    expect(next.status).toBe(200);
    const assignmentId = next.json.task.assignmentId as string;
    expect(JSON.stringify(next.json)).not.toMatch(/secret-model|responseA|"model"/);
    const hijack = await call(researcher, "POST", `/api/label/assignments/${assignmentId}/submit`, { choice: "left", strength: 2, msSpent: 10 });
    expect(hijack.status).toBe(404);
    const asAdmin = await call(await sessionCookie(DEMO.admin), "POST", `/api/label/assignments/${assignmentId}/skip`);
    expect(asAdmin.status).toBe(404);
    expect((await dbQuery(`SELECT 1 FROM "Label" WHERE "assignmentId" = $1`, [assignmentId])).length).toBe(0);
    // Annotator fields in the body are not a way in either: the annotator is always the session's user.
    const smuggle = await call(researcher, "POST", "/api/label/next", { datasetId, annotatorId: "someone-else" });
    expect(smuggle.status).toBe(200);
    const mine = await dbQuery<{ email: string }>(`SELECT u.email FROM "Assignment" a JOIN "User" u ON u.id = a."annotatorId" WHERE a.id = $1`, [smuggle.json.task.assignmentId]);
    expect(mine[0]!.email).toBe(DEMO.researcher);

    expect((await call(annotator, "GET", `/api/quality/${datasetId}`)).status).toBe(403);
    expect((await call(annotator, "GET", `/api/datasets/${datasetId}/export?format=labels`)).status).toBe(403);
    expect((await call(annotator, "GET", `/api/datasets/${datasetId}`)).status).toBe(403);
    const page = await signInPage(browser, DEMO.annotator, "/");
    expect((await page.goto(`/quality/${datasetId}`))!.status()).toBe(403);
    expect(await page.locator('[data-testid="main-nav"] >> text=Quality').count()).toBe(0);
    await page.context().close();
  });
});

describe("researcher pages", () => {
  it("import from the dataset page shows progress and line-numbered errors; comparisons are created from the form", async () => {
    const created = await call(researcher, "POST", "/api/datasets", { name: `ui import ${Date.now()}` });
    const datasetId = created.json.dataset.id as string;
    const page = await signInPage(browser, DEMO.researcher, `/datasets/${datasetId}`);
    const file = [JSON.stringify({ prompt: "Say hi", chosen: "Hi!", rejected: "No." }), "{oops", JSON.stringify({ prompt: "Say bye", chosen: "Bye" })].join("\n");
    await page.setInputFiles('[data-testid="import-files"]', { name: "prefs.jsonl", mimeType: "application/json", buffer: Buffer.from(file) });
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="imports"] li[data-status="succeeded"]', { timeout: 30_000 });
    await page.click('[data-testid="imports"] summary');
    const text = await page.textContent('[data-testid="imports"]');
    expect(text).toContain("line 2: invalid JSON");
    expect(text).toContain("line 3: missing field 'rejected'");
    expect(text).toContain("100%");
    await page.selectOption('[data-testid="generate-form"] select[name="strategy"]', "imported");
    await page.click('[data-testid="generate-submit"]');
    await expect.poll(() => page.textContent('[data-testid="generate-form"]')).toMatch(/1 imported preferences opened/);
    await page.context().close();
  });

  it("the quality page shows Cohen's κ and Krippendorff's α of a hand-computed case, with charts", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ prompt: `Q${i}`, responses: [{ model: "m1", text: `one ${i}` }, { model: "m2", text: `two ${i}` }] }));
    const datasetId = await datasetFromRecords(researcher, `quality ${Date.now()}`, ten, { mode: "pairwise", overlap: 2 });
    const comps = await dbQuery<{ id: string }>(`SELECT c.id FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId" WHERE c."datasetId" = $1 ORDER BY p.text`, [datasetId]);
    const users = await dbQuery<{ id: string; email: string }>(`SELECT id, email FROM "User" WHERE email IN ('annotator2@demo.local', 'annotator3@demo.local') ORDER BY email`);
    // κ = 16/31 ≈ 0.516 and α (nominal) = 67/124 ≈ 0.540 — worked by hand in core/quality/quality.integration.test.ts.
    const u1 = ["a", "a", "a", "a", "b", "b", "b", "tie", "tie", "a"];
    const u2 = ["a", "a", "a", "b", "b", "b", "tie", "tie", "a", "a"];
    for (const [i, c] of comps.entries()) {
      for (const [u, v] of [[users[0]!.id, u1[i]!], [users[1]!.id, u2[i]!]] as const) {
        await dbQuery(`INSERT INTO "Label" (id, "comparisonId", "annotatorId", verdict, strength, "shownLeft", "msSpent") VALUES ($1, $2, $3, $4, $5, 'a', 5000)`, [`e2e-q-${c.id}-${u}`, c.id, u, v, v === "tie" ? 0 : 1]);
      }
      await dbQuery(`UPDATE "Comparison" SET "labelCount" = 2 WHERE id = $1`, [c.id]);
    }
    const page = await signInPage(browser, DEMO.researcher, `/quality/${datasetId}`);
    expect(await page.textContent('[data-testid="kappa"]')).toBe("0.516");
    expect(await page.textContent('[data-testid="alpha-nominal"]')).toBe("0.540");
    expect(await page.textContent('[data-testid="stat-labels"]')).toBe("20");
    await page.waitForSelector(".recharts-wrapper > svg.recharts-surface");
    expect(await page.locator(".recharts-wrapper > svg.recharts-surface").count()).toBe(4);
    expect(await page.locator('[data-testid="disagreements"] tbody tr').count()).toBe(3);
    await page.context().close();
  });
});
