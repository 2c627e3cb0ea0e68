/**
 * Cross-role authorization suite: every page and route × anonymous / annotator / researcher / admin /
 * API key per scope. Refusals must be 401 (anonymous API), a sign-in redirect (anonymous page) or 403.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { baseUrl, createKey, dbQuery, DEMO, sessionCookie } from "./helpers";
import { IDENTITIES, ROUTES, type CaseContext, type Identity } from "./routes";

const auth: Record<Identity, Record<string, string>> = {} as never;
const ctx: CaseContext = { unique: "", ids: {} };

beforeAll(async () => {
  const cookies = {
    annotator: await sessionCookie(DEMO.annotator),
    researcher: await sessionCookie(DEMO.researcher),
    admin: await sessionCookie(DEMO.admin),
  };
  auth.anonymous = {};
  auth.annotator = { cookie: cookies.annotator };
  auth.researcher = { cookie: cookies.researcher };
  auth.admin = { cookie: cookies.admin };
  for (const scope of ["judge", "runs:write", "data:write"] as const) {
    const { key } = await createKey(cookies.researcher, [scope]);
    auth[`key:${scope}`] = { authorization: `Bearer ${key}` };
  }
  const users = await dbQuery<{ id: string; email: string }>(`select id, email from "User"`);
  for (const u of users) ctx.ids[u.email.split("@")[0]!] = u.id;
});

function appRoutes(): string[] {
  const root = path.resolve("web/app");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^(page|route)\.tsx?$/.test(name)) {
        const rel = "/" + path.relative(root, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
        out.push(rel === "/" ? "/" : rel.replace(/\/$/, ""));
      }
    }
  };
  walk(root);
  return out;
}

describe("cross-role suite", () => {
  it("covers every page and route handler in web/app", () => {
    const listed = new Set(ROUTES.map((r) => r.pattern));
    const missing = appRoutes().filter((r) => !listed.has(r));
    expect(missing, `add these to tests/e2e/routes.ts`).toEqual([]);
  });

  for (const rc of ROUTES) {
    for (const who of IDENTITIES) {
      const allowed = rc.allow.includes(who);
      it(`${rc.method} ${rc.pattern} as ${who} → ${allowed ? "allowed" : "refused"}`, async () => {
        ctx.unique = randomBytes(4).toString("hex");
        const p = typeof rc.path === "function" ? rc.path(ctx) : rc.path;
        const body = typeof rc.body === "function" ? (rc.body as (c: CaseContext) => unknown)(ctx) : rc.body;
        const res = await fetch(`${baseUrl()}${p}`, {
          method: rc.method,
          redirect: "manual",
          headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...auth[who] },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
        const location = res.headers.get("location") ?? "";
        const toSignin = res.status >= 300 && res.status < 400 && location.includes("/signin");
        if (allowed) {
          expect(toSignin, "redirected to sign-in").toBe(false);
          if (rc.okStatus) expect(rc.okStatus.concat([200, 201, 202, 204])).toContain(res.status);
          else {
            expect([401, 403], `status ${res.status}`).not.toContain(res.status);
            expect(res.status).toBeLessThan(400);
          }
        } else if (rc.kind === "page") {
          if (who === "anonymous" || who.startsWith("key:")) expect(toSignin || res.status === 401 || res.status === 403, `status ${res.status} → ${location}`).toBe(true);
          else expect(res.status).toBe(403);
        } else {
          expect(who === "anonymous" ? [401] : [403]).toContain(res.status);
          const json = await res.json();
          expect(typeof json.error).toBe("string");
        }
      });
    }
  }
});
