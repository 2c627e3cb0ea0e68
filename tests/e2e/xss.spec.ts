/**
 * Sanitising in a real browser: every payload of core/render's XSS_PAYLOADS (script tags, event
 * handlers, javascript: links, SVG, markdown link tricks, mutation XSS …) is imported as a model answer
 * — and one as a prompt — then shown on the labelling page in Chromium. We hover, focus and click every
 * element the answer produced; no script may run (window.__xss stays unset, no dialog opens) and
 * nothing executable may be in the DOM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { XSS_PAYLOADS } from "@core/render/xss-payloads";
import { DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";
import { datasetFromRecords } from "./labelling-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("untrusted model text in Chromium", () => {
  it(`renders ${XSS_PAYLOADS.length} XSS payloads inert on the labelling page`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(20);
    const researcher = await sessionCookie(DEMO.researcher);
    const records = XSS_PAYLOADS.map((p, i) => ({
      prompt: i === 0 ? `Prompt with a payload: ${XSS_PAYLOADS[1]!.payload}` : `Payload ${i}: ${p.name}`,
      responses: [{ model: "evil", text: p.payload }, { model: "plain", text: `A harmless answer number ${i}.` }],
    }));
    const datasetId = await datasetFromRecords(researcher, `xss ${Date.now()}`, records);
    const page = await signInPage(browser, "annotator3@demo.local", `/label/${datasetId}`);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const popups: string[] = [];
    page.context().on("page", (p) => popups.push(p.url()));

    const shown = new Set<string>();
    for (let n = 0; n < XSS_PAYLOADS.length; n++) {
      await page.waitForSelector('[data-testid="task"]');
      const id = await page.getAttribute('[data-testid="task"]', "data-assignment");
      const prompt = (await page.textContent('[data-testid="prompt"]')) ?? "";
      shown.add(prompt);
      // Exercise everything the answers rendered: hover/focus/click handlers, in-page anchors.
      const report = await page.evaluate(() => {
        const roots = [...document.querySelectorAll('[data-testid="prompt"], [data-testid="left-answer"], [data-testid="right-answer"]')];
        const found: string[] = [];
        for (const root of roots) {
          for (const el of root.querySelectorAll("*")) {
            const tag = el.tagName.toLowerCase();
            if (["script", "iframe", "object", "embed", "svg", "math", "img", "video", "audio", "form", "input", "button", "style", "link", "meta", "base", "template"].includes(tag)) found.push(`<${tag}>`);
            for (const a of el.getAttributeNames()) if (a.startsWith("on") || a === "style" && tag !== "td" && tag !== "th" || a === "srcdoc") found.push(`${tag}[${a}]`);
            const href = el.getAttribute("href");
            if (href !== null && !/^(https?:|mailto:|#)/i.test(href)) found.push(`${tag}[href=${href}]`);
            for (const type of ["mouseover", "mouseenter", "focus", "animationstart"]) el.dispatchEvent(new Event(type, { bubbles: true }));
            if (tag !== "a" || (el.getAttribute("href") ?? "").startsWith("#")) (el as HTMLElement).click();
          }
        }
        return { found, xss: (window as unknown as { __xss?: unknown }).__xss ?? null };
      });
      expect(report, `task ${n} (${prompt.slice(0, 60)})`).toEqual({ found: [], xss: null });
      await page.keyboard.press("k"); // skip: leaves the comparison for someone else, shows the next
      await page.waitForFunction((prev) => document.querySelector('[data-testid="task"]')?.getAttribute("data-assignment") !== prev || !!document.querySelector('[data-testid="all-done"]'), id);
    }
    await page.waitForTimeout(500); // give any delayed handler (timers, meta refresh) a chance to fire
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null)).toBeNull();
    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(`/label/${datasetId}`);
    expect(shown.size).toBe(XSS_PAYLOADS.length);
    await page.context().close();
  });
});
