/** Shared e2e helpers: HTTP sessions per role, API keys per scope, Chromium pages. */
import { inject } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import pg from "pg";

export const baseUrl = () => inject("baseUrl");
export const DEMO_PASSWORD = "demo-password";
export const DEMO = {
  admin: "admin@demo.local",
  researcher: "researcher@demo.local",
  annotator: "annotator@demo.local",
} as const;

/** Signs in through the JSON route; returns the Cookie header for later requests. */
export async function sessionCookie(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return cookies.join("; ");
}

export async function createKey(cookie: string, scopes: string[], name = `key-${scopes.join("+")}`): Promise<{ id: string; key: string }> {
  const res = await fetch(`${baseUrl()}/api/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name, scopes }),
  });
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()).key;
}

export async function dbQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: inject("databaseUrl") });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export async function signInPage(browser: Browser, email: string, path = "/"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { "x-forwarded-for": `10.8.${Math.floor(Math.random() * 250)}.1` } });
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 30_000 });
  return page;
}
