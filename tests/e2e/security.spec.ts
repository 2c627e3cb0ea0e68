/**
 * Hardening, end to end against the production build: request limits and failed-auth handling, login
 * CSRF and open redirects, sign-in limits behind the trusted proxy, sessions ended by password changes,
 * keys that follow their owner's role, and security headers with a CSP every page passes in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { baseUrl, createKey, DEMO, launchBrowser, sessionCookie, signInPage } from "./helpers";
import { ROUTES, type CaseContext } from "./routes";

let admin: string;
let researcher: string;
let judgeKey: string;
let browser: Browser;

beforeAll(async () => {
  admin = await sessionCookie(DEMO.admin);
  researcher = await sessionCookie(DEMO.researcher);
  judgeKey = (await createKey(researcher, ["judge"], "security-judge")).key;
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const req = (path: string, init: RequestInit = {}) => fetch(`${baseUrl()}${path}`, { redirect: "manual", ...init });
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("request limits", () => {
  it("1 MiB of whitespace in one field is a 413 at once, and the server keeps answering", async () => {
    const body = { query: [`Q? ${" ".repeat(1 << 20)}x`], prompts: ["Q? "] };
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await req("/get_reward", json(body, { authorization: `Bearer ${judgeKey}` }));
      best = Math.min(best, performance.now() - started);
      expect(res.status).toBe(413);
      await res.arrayBuffer();
    }
    expect(best).toBeLessThan(1000); // the quadratic trim took minutes for this input
    expect((await req("/api/v1/whoami", { headers: { authorization: `Bearer ${judgeKey}` } })).status).toBe(200);
  });

  it("a chunked body past a route's cap is refused (413) without a declared length", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 8 * 1024 * 1024) return c.close();
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    const res = await req("/api/datasets", { method: "POST", headers: { "content-type": "application/json", cookie: researcher }, body: stream, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("anonymous requests are refused before their body is parsed; odd request ids are replaced", async () => {
    const res = await req("/api/datasets", { method: "POST", headers: { "content-type": "application/json", "x-request-id": "x".repeat(5000) }, body: "{not json" });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")!.length).toBeLessThanOrEqual(64);
  });
});

describe("sign-in", () => {
  it("the JSON sign-in refuses forms and other origins (login CSRF)", async () => {
    const creds = { email: DEMO.annotator, password: "demo-password" };
    const form = await req("/api/session", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(creds).toString() });
    expect(form.status).toBe(415);
    const text = await req("/api/session", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(creds) });
    expect(text.status).toBe(415);
    expect((await req("/api/session", json(creds, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await req("/api/session", json(creds, { "sec-fetch-site": "cross-site" }))).status).toBe(403);
    expect((await req("/api/session", json(creds, { origin: baseUrl(), "sec-fetch-site": "same-origin", "x-forwarded-for": "10.66.1.1" }))).status).toBe(200);
  });

  it("after sign-in the browser stays on this site, whatever callbackUrl says", async () => {
    for (const evil of ["/\\evil.example", "/%09/evil.example", "//evil.example", "https://evil.example/"]) {
      const page = await signInPage(browser, DEMO.researcher, evil);
      expect(new URL(page.url()).origin, evil).toBe(baseUrl());
      await page.context().close();
    }
  });

  it("behind the trusted proxy a forged left-most X-Forwarded-For does not escape the limit", async () => {
    const email = DEMO.annotator;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await req("/api/session", json({ email, password: "wrong-password" }, { "x-forwarded-for": `${i}.${i}.${i}.${i}, 10.66.2.2` }));
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The owner at another address signs in.
    expect((await req("/api/session", json({ email, password: "demo-password" }, { "x-forwarded-for": "10.66.2.3" }))).status).toBe(200);
  });
});

describe("accounts", () => {
  const unique = randomBytes(4).toString("hex");
  const email = `pw-${unique}@demo.local`;

  it("changing one's password ends one's other sessions; an admin's reset ends them all", async () => {
    expect((await req("/api/admin/users", json({ email, name: "Pat", role: "researcher", password: "first-password-1" }, { cookie: admin }))).status).toBe(200);
    const a = await sessionCookie(email, "first-password-1");
    const b = await sessionCookie(email, "first-password-1");
    const whoami = (cookie: string) => req("/api/v1/whoami", { headers: { cookie } }).then((r) => r.status);
    expect(await whoami(b)).toBe(200);
    const changed = await req("/api/account/password", json({ currentPassword: "first-password-1", newPassword: "second-password-2" }, { cookie: a }));
    expect(changed.status).toBe(200);
    const renewed = changed.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
    expect(await whoami(b)).toBe(401); // the other session ended
    expect(await whoami(renewed)).toBe(200); // this one was re-issued
    expect((await req("/api/session", json({ email, password: "first-password-1" }, { "x-forwarded-for": "10.66.3.1" }))).status).toBe(401);

    const users = (await (await req("/api/admin/users", { headers: { cookie: admin } })).json()).users as Array<{ id: string; email: string }>;
    const id = users.find((u) => u.email === email)!.id;
    expect((await req(`/api/admin/users/${id}/password`, json({ newPassword: "third-password-3" }, { cookie: admin }))).status).toBe(200);
    expect(await whoami(renewed)).toBe(401);
    expect(await whoami(await sessionCookie(email, "third-password-3"))).toBe(200);
  });

  it("the settings page changes the password in the browser", async () => {
    const page = await signInPage(browser, DEMO.annotator, "/settings/password");
    await page.fill('input[name="currentPassword"]', "wrong");
    await page.fill('input[name="newPassword"]', "a-long-new-password");
    await page.fill('input[name="confirm"]', "a-long-new-password");
    await page.click('button:has-text("Change password")');
    await expect.poll(() => page.textContent('[role="alert"]')).toMatch(/currentPassword is wrong/);
    await page.context().close();
  });

  it("a demoted researcher's key loses its power at once and gets it back on re-promotion", async () => {
    const r = `keys-${unique}@demo.local`;
    const created = await (await req("/api/admin/users", json({ email: r, name: "Kim", role: "researcher", password: "kim-password-1" }, { cookie: admin }))).json();
    const { key } = await createKey(await sessionCookie(r, "kim-password-1"), ["data:write"]);
    const list = () => req("/api/datasets", { headers: { authorization: `Bearer ${key}` } }).then((x) => x.status);
    const setRole = (role: string) => req(`/api/admin/users/${created.user.id}`, { method: "PATCH", headers: { "content-type": "application/json", cookie: admin }, body: JSON.stringify({ role }) });
    expect(await list()).toBe(200);
    expect((await setRole("annotator")).status).toBe(200);
    expect(await list()).toBe(403);
    expect((await setRole("researcher")).status).toBe(200);
    expect(await list()).toBe(200);
  });
});

describe("security headers", () => {
  it("pages and API replies carry CSP (frame-ancestors 'none'), Referrer-Policy and nosniff", async () => {
    for (const path of ["/signin", "/api/v1/openapi.json", "/api/status"]) {
      const res = await req(path, { headers: { cookie: admin } });
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(path.startsWith("/api/") ? /default-src 'none'/ : /default-src 'self'/); // a JSON reply loads nothing
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    }
  });

  it("a page's scripts run only by a fresh per-response nonce: every script tag carries it, no inline allowance", async () => {
    const nonces = new Set<string>();
    for (const path of ["/signin", "/", "/datasets", "/api/v1/docs"]) {
      const res = await req(path, { headers: { cookie: admin } });
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{22,})' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${path}: ${csp}`).toBeTruthy();
      nonces.add(nonce!);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(4);
  });

  it("no page breaks the CSP in Chromium (no violation events, no CSP console errors)", async () => {
    const page = await signInPage(browser, DEMO.admin, "/");
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const ctx: CaseContext = { unique: "csp", ids: {} };
    const pages = [...new Set(ROUTES.filter((r) => r.kind === "page").map((r) => (typeof r.path === "function" ? r.path(ctx) : r.path)))];
    pages.push("/runs/demo-rl-run", "/datasets", "/models");
    const violations: string[] = [];
    for (const p of pages) {
      await page.goto(p, { waitUntil: "networkidle" });
      const v = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      violations.push(...v.map((x) => `${p}: ${x}`));
    }
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });
});
