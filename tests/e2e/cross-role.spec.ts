/**
 * Cross-role authorization suite: every page and route × anonymous / annotator / researcher / admin /
 * API key per scope. Refusals must be 401 (anonymous API), a sign-in redirect (anonymous page) or 403.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
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

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every page (GET) and every method a route handler exports, as "METHOD /pattern". */
function appRouteMethods(): { pattern: string; kind: "page" | "api"; methods: string[] }[] {
  const root = path.resolve("web/app");
  const out: { pattern: string; kind: "page" | "api"; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^(page|route)\.tsx?$/.test(name)) {
        const rel = "/" + path.relative(root, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
        const pattern = rel === "/" ? "/" : rel.replace(/\/$/, "");
        if (name.startsWith("page")) out.push({ pattern, kind: "page", methods: ["GET"] });
        else {
          const src = readFileSync(p, "utf8");
          const methods = HTTP_METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b`).test(src));
          out.push({ pattern, kind: "api", methods });
        }
      }
    }
  };
  walk(root);
  return out;
}
const appRoutes = () => appRouteMethods().map((r) => r.pattern);

describe("cross-role suite", () => {
  it("covers every page and route handler in web/app", () => {
    const listed = new Set(ROUTES.map((r) => r.pattern));
    const missing = appRoutes().filter((r) => !listed.has(r));
    expect(missing, `add these to tests/e2e/routes.ts`).toEqual([]);
  });

  it("covers every HTTP method each route handler exports", () => {
    const listed = new Set(ROUTES.map((r) => `${r.method} ${r.pattern}`));
    const missing = appRouteMethods().flatMap((r) => r.methods.map((m) => `${m} ${r.pattern}`)).filter((m) => !listed.has(m));
    expect(missing, `add these method+route cases to tests/e2e/routes.ts`).toEqual([]);
  });

  // A method a handler does not export must be refused (405), not fall through to another handler.
  for (const r of appRouteMethods().filter((x) => x.kind === "api" && x.pattern !== "/api/auth/[...nextauth]")) {
    const rc = ROUTES.find((c) => c.pattern === r.pattern);
    const unexported = HTTP_METHODS.filter((m) => !r.methods.includes(m));
    if (!rc || unexported.length === 0) continue;
    it(`${unexported.join("/")} ${r.pattern} → 405`, async () => {
      const p = typeof rc.path === "function" ? rc.path({ unique: "x", ids: ctx.ids }) : rc.path;
      for (const m of unexported) {
        const res = await fetch(`${baseUrl()}${p}`, { method: m, redirect: "manual", headers: auth.admin });
        expect(res.status, `${m} ${p}`).toBe(405);
      }
    });
  }

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

/**
 * Ownership: two researchers, each with a session and a key holding every scope. What belongs to one —
 * API keys, datasets (and their pages, quality, exports, snapshots, imports, comparisons), RL runs (and
 * their dashboards, control, settings, steps, recalibrations) and tournament runs — answers the other's
 * session and key exactly like a missing id (404), while the owner gets through. An admin sees them all.
 */
/**
 * The owners' recalibration starts above queue real trainings on the workers' one training lane; later
 * specs time their own jobs on that lane, so this file waits for what it started before it ends.
 */
let before: string[] = [];
beforeAll(async () => {
  before = (await dbQuery<{ id: string }>(`SELECT id FROM "Recalibration"`)).map((r) => r.id);
});
afterAll(async () => {
  const deadline = Date.now() + 9 * 60_000;
  const open = async () =>
    Number((await dbQuery<{ n: string }>(`SELECT count(*) n FROM "Recalibration" WHERE NOT (id = ANY($1::text[])) AND status IN ('pending', 'training', 'evaluating')`, [before]))[0]!.n);
  while ((await open()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2000));
}, 10 * 60_000);

describe("ownership matrix", () => {
  interface Researcher {
    cookie: Record<string, string>;
    key: Record<string, string>;
    keyId: string;
    datasetId: string;
    runId: string;
    /** The demo researcher owns the seeded tournament run; the second researcher owns none. */
    tournament?: { runId: string; promptId: string; responseId: string };
  }
  const people: Researcher[] = [];

  const call = async (who: Record<string, string>, method: string, p: string, body?: unknown) => {
    const res = await fetch(`${baseUrl()}${p}`, {
      method,
      redirect: "manual",
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...who },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  };

  beforeAll(async () => {
    const unique = randomBytes(4).toString("hex");
    const email2 = `researcher2-${unique}@demo.local`;
    const created = await call(auth.admin, "POST", "/api/admin/users", { email: email2, name: "Second Researcher", role: "researcher", password: "second-password-123" });
    expect(created.status).toBe(200);
    for (const [email, password] of [[DEMO.researcher, undefined], [email2, "second-password-123"]] as const) {
      const cookie = await sessionCookie(email, password);
      const k = await createKey(cookie, ["judge", "runs:write", "data:write"], `owner-${unique}`);
      const key = { authorization: `Bearer ${k.key}` };
      const ds = await call(key, "POST", "/api/datasets", { name: `owned ${email} ${unique}` });
      expect(ds.status).toBe(201);
      const run = await call(key, "POST", "/api/v1/runs", { name: `owned-${unique}` });
      expect(run.status).toBe(201);
      people.push({ cookie: { cookie }, key, keyId: k.id, datasetId: ds.json.dataset.id, runId: run.json.run.id });
    }
    const runs = (await call(people[0]!.cookie, "GET", "/api/tournaments")).json.runs as { id: string }[];
    expect(runs.length).toBeGreaterThan(0);
    const first = (await call(people[0]!.cookie, "GET", `/api/tournaments/${runs[0]!.id}`)).json.prompts[0] as { promptId: string };
    const prompt = (await call(people[0]!.cookie, "GET", `/api/tournaments/${runs[0]!.id}/prompts/${first.promptId}`)).json;
    people[0]!.tournament = { runId: runs[0]!.id, promptId: first.promptId, responseId: prompt.answers[0].id };
  });

  const STEP = { step: 1, metrics: { length_mean: 10, length_p50: 10, length_p90: 12, reward_mean: 0, reward_std: 0.1 }, samples: [] };
  /** `path` null: the owner has no such thing (the second researcher owns no tournament run). */
  type Check = { name: string; as: "cookie" | "key"; method: string; path: (o: Researcher) => string | null; body?: unknown | ((o: Researcher) => unknown); ownerStatus: number[] };
  const tour = (o: Researcher, rest = "") => (o.tournament ? `/api/tournaments/${o.tournament.runId}${rest}` : null);
  const CHECKS: Check[] = [
    { name: "revoke the API key", as: "cookie", method: "DELETE", path: (o) => `/api/keys/${o.keyId}`, ownerStatus: [] }, // the owner's own revoke is not exercised (it would end the key)
    { name: "read the dataset", as: "key", method: "GET", path: (o) => `/api/datasets/${o.datasetId}`, ownerStatus: [200] },
    { name: "read the dataset", as: "cookie", method: "GET", path: (o) => `/api/datasets/${o.datasetId}`, ownerStatus: [200] },
    { name: "open the dataset's page", as: "cookie", method: "GET", path: (o) => `/datasets/${o.datasetId}`, ownerStatus: [200] },
    { name: "edit the dataset", as: "cookie", method: "PATCH", path: (o) => `/api/datasets/${o.datasetId}`, body: { guidelines: "mine now" }, ownerStatus: [200] },
    { name: "read the dataset's quality", as: "cookie", method: "GET", path: (o) => `/api/quality/${o.datasetId}`, ownerStatus: [200] },
    { name: "open the dataset's quality page", as: "cookie", method: "GET", path: (o) => `/quality/${o.datasetId}`, ownerStatus: [200] },
    { name: "turn off the dataset's active labelling", as: "cookie", method: "DELETE", path: (o) => `/api/datasets/${o.datasetId}/active-labelling`, ownerStatus: [200] },
    { name: "export the dataset", as: "cookie", method: "GET", path: (o) => `/api/datasets/${o.datasetId}/export?format=trl`, ownerStatus: [200] },
    { name: "list the dataset's snapshots", as: "cookie", method: "GET", path: (o) => `/api/datasets/${o.datasetId}/snapshots`, ownerStatus: [200] },
    { name: "read the run", as: "cookie", method: "GET", path: (o) => `/api/v1/runs/${o.runId}`, ownerStatus: [200] },
    { name: "open the run's dashboard", as: "cookie", method: "GET", path: (o) => `/runs/${o.runId}`, ownerStatus: [200] },
    { name: "read the tournament run", as: "cookie", method: "GET", path: (o) => tour(o), ownerStatus: [200] },
    { name: "open the tournament run's page", as: "cookie", method: "GET", path: (o) => (o.tournament ? `/tournaments/${o.tournament.runId}` : null), ownerStatus: [200] },
    { name: "read a prompt's tournament", as: "cookie", method: "GET", path: (o) => tour(o, `/prompts/${o.tournament?.promptId}`), ownerStatus: [200] },
    { name: "override a prompt's reference", as: "cookie", method: "POST", path: (o) => tour(o, `/prompts/${o.tournament?.promptId}/reference`), body: (o: Researcher) => ({ responseId: o.tournament?.responseId, reason: "ownership check" }), ownerStatus: [] },
    { name: "edit the dataset", as: "key", method: "PATCH", path: (o) => `/api/datasets/${o.datasetId}`, body: { guidelines: "mine now" }, ownerStatus: [200] },
    { name: "export the dataset", as: "key", method: "GET", path: (o) => `/api/datasets/${o.datasetId}/export?format=trl`, ownerStatus: [200] },
    { name: "export the dataset as a Hugging Face folder", as: "key", method: "GET", path: (o) => `/api/datasets/${o.datasetId}/export?format=hf`, ownerStatus: [200] },
    { name: "take a snapshot of the dataset", as: "key", method: "POST", path: (o) => `/api/datasets/${o.datasetId}/snapshots`, ownerStatus: [200, 201] },
    { name: "list the dataset's snapshots", as: "key", method: "GET", path: (o) => `/api/datasets/${o.datasetId}/snapshots`, ownerStatus: [200] },
    { name: "import into the dataset", as: "key", method: "GET", path: (o) => `/api/datasets/${o.datasetId}/imports/nonexistent`, ownerStatus: [404] },
    { name: "generate the dataset's comparisons", as: "key", method: "POST", path: (o) => `/api/datasets/${o.datasetId}/comparisons`, body: { mode: "pairwise", overlap: 1 }, ownerStatus: [200, 201, 202, 400, 422] },
    { name: "read the run", as: "key", method: "GET", path: (o) => `/api/v1/runs/${o.runId}`, ownerStatus: [200] },
    { name: "read the run's control", as: "key", method: "GET", path: (o) => `/api/v1/runs/${o.runId}/control`, ownerStatus: [200] },
    { name: "post a step to the run", as: "key", method: "POST", path: (o) => `/api/v1/runs/${o.runId}/steps`, body: STEP, ownerStatus: [200, 201, 202, 409] },
    { name: "control the run", as: "cookie", method: "POST", path: (o) => `/api/rl/runs/${o.runId}/control`, body: { action: "pause" }, ownerStatus: [200] },
    { name: "change the run's settings", as: "cookie", method: "PATCH", path: (o) => `/api/rl/runs/${o.runId}`, body: { autoPause: true }, ownerStatus: [200] },
    { name: "start a recalibration of the run", as: "cookie", method: "POST", path: (o) => `/api/rl/runs/${o.runId}/recalibrations`, body: {}, ownerStatus: [202, 400, 409, 422, 503] },
  ];

  for (const c of CHECKS) {
    it(`${c.name}: the other researcher's ${c.as === "cookie" ? "session" : "key"} gets 404, the owner does not`, async () => {
      let checked = 0;
      for (const [owner, other] of [[people[0]!, people[1]!], [people[1]!, people[0]!]]) {
        const path = c.path(owner);
        if (path === null) continue;
        checked++;
        const body = typeof c.body === "function" ? c.body(owner) : c.body;
        const refused = await call(other[c.as], c.method, path, body);
        expect(refused.status, `${c.method} ${path}`).toBe(404);
        if (c.ownerStatus.length) expect(c.ownerStatus, `owner: ${c.method} ${path}`).toContain((await call(owner[c.as], c.method, path, body)).status);
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it("lists show only one's own keys, datasets, runs and tournament runs, by session and by key; an admin's show all", async () => {
    for (const [me, other] of [[people[0]!, people[1]!], [people[1]!, people[0]!]]) {
      const keys = (await call(me.cookie, "GET", "/api/keys")).json.keys.map((k: { id: string }) => k.id);
      expect(keys).toContain(me.keyId);
      expect(keys).not.toContain(other.keyId);
      for (const who of [me.key, me.cookie]) {
        const ds = (await call(who, "GET", "/api/datasets")).json.datasets.map((d: { id: string }) => d.id);
        expect(ds).toContain(me.datasetId);
        expect(ds).not.toContain(other.datasetId);
        const runs = JSON.stringify((await call(who, "GET", "/api/v1/runs")).json);
        expect(runs).toContain(me.runId);
        expect(runs).not.toContain(other.runId);
      }
      const tournaments = JSON.stringify((await call(me.cookie, "GET", "/api/tournaments")).json);
      if (other.tournament) expect(tournaments).not.toContain(other.tournament.runId);
      if (me.tournament) expect(tournaments).toContain(me.tournament.runId);
      expect(tournaments).not.toContain(other.datasetId); // the start form offers one's own datasets only
    }
    const all = JSON.stringify([(await call(auth.admin, "GET", "/api/datasets")).json, (await call(auth.admin, "GET", "/api/v1/runs")).json, (await call(auth.admin, "GET", "/api/tournaments")).json]);
    for (const p of people) for (const id of [p.datasetId, p.runId, p.tournament?.runId]) if (id) expect(all).toContain(id);
  });

  it("another researcher's dataset named in a training or tournament start is refused exactly like a missing one", async () => {
    const [me, other] = [people[1]!, people[0]!];
    for (const [path, body] of [
      ["/api/training-runs", (id: string) => ({ datasetIds: [id] })],
      ["/api/tournaments", (id: string) => ({ datasetId: id })],
    ] as const) {
      const theirs = await call(me.cookie, "POST", path, body(other.datasetId));
      const missing = await call(me.cookie, "POST", path, body("no-such-dataset"));
      expect(theirs.status, path).toBe(missing.status);
      expect([404, 422]).toContain(theirs.status);
      expect(theirs.json.error.replace(other.datasetId, "ID")).toBe(missing.json.error.replace("no-such-dataset", "ID"));
    }
  });
});
