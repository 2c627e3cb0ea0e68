/** Each demo role signs in in Chromium and sees its own navigation; anonymous visitors go to sign-in. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { baseUrl, DEMO, launchBrowser, signInPage } from "./helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const NAV_EXPECTED = {
  annotator: { has: ["Home"], hasNot: ["Users", "API keys", "Status"] },
  researcher: { has: ["Home", "API keys", "Status"], hasNot: ["Users"] },
  admin: { has: ["Home", "API keys", "Status", "Users"], hasNot: [] as string[] },
} as const;

describe("sign-in and navigation by role (Chromium)", () => {
  it("anonymous users are sent to sign-in", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/status`);
    expect(new URL(page.url()).pathname).toBe("/signin");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/status");
    await page.close();
  });

  for (const role of ["annotator", "researcher", "admin"] as const) {
    it(`${role} signs in and sees the ${role} navigation`, async () => {
      const page = await signInPage(browser, DEMO[role]);
      await page.waitForSelector('[data-testid="main-nav"]');
      expect(await page.textContent('[data-testid="role"]')).toBe(role);
      const links = await page.$$eval('[data-testid="main-nav"] a', (as) => as.map((a) => a.textContent?.trim()));
      for (const l of NAV_EXPECTED[role].has) expect(links).toContain(l);
      for (const l of NAV_EXPECTED[role].hasNot) expect(links).not.toContain(l);
      await page.context().close();
    });
  }

  it("a wrong password shows a clear message in the page", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/signin`);
    await page.fill('input[name="email"]', DEMO.annotator);
    await page.fill('input[name="password"]', "not-the-password");
    await page.click('button:has-text("Sign in")');
    const alert = await page.waitForSelector('[data-testid="signin-error"]');
    expect(await alert.textContent()).toMatch(/Wrong email or password/);
    await page.close();
  });
});
