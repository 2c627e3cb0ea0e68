/** Bad input at the HTTP edge: precise 4xx messages, rate-limited sign-in, nothing written. */
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, dbQuery, DEMO, sessionCookie } from "./helpers";

let admin: string;
let researcher: string;
beforeAll(async () => {
  admin = await sessionCookie(DEMO.admin);
  researcher = await sessionCookie(DEMO.researcher);
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("sign-in", () => {
  it("a wrong password gets a clear 401, then 429 after repeated failures (and the right password is refused while limited)", async () => {
    const ip = { "x-forwarded-for": "10.77.0.1" };
    const attempt = (password: string) => post("/api/session", JSON.stringify({ email: DEMO.annotator, password }), ip);
    for (let i = 0; i < 5; i++) {
      const res = await attempt("wrong-password");
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/Wrong email or password/);
    }
    const limited = await attempt("wrong-password");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error).toMatch(/Too many failed sign-ins/);
    expect((await attempt("demo-password")).status).toBe(429);
    // Another address is not affected.
    const other = await post("/api/session", JSON.stringify({ email: DEMO.annotator, password: "demo-password" }), { "x-forwarded-for": "10.77.0.2" });
    expect(other.status).toBe(200);
  });

  it("missing fields name the field", async () => {
    const res = await post("/api/session", JSON.stringify({ email: DEMO.admin }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.field).toBe("password");
    expect(body.error).toMatch(/^password: /);
  });
});

describe("API routes", () => {
  it("malformed JSON → 400 with a message, nothing written", async () => {
    const before = await dbQuery<{ n: string }>(`select count(*) n from "User"`);
    const res = await post("/api/admin/users", "{not json", { cookie: admin });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/Malformed JSON/);
    const after = await dbQuery<{ n: string }>(`select count(*) n from "User"`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("missing or wrong fields → 400 naming the field, nothing written", async () => {
    const before = await dbQuery<{ n: string }>(`select count(*) n from "User"`);
    for (const [body, field] of [
      [{ name: "x", role: "annotator", password: "password123" }, "email"],
      [{ email: "ok@demo.local", name: "x", role: "boss", password: "password123" }, "role"],
      [{ email: "ok@demo.local", name: "x", role: "annotator", password: "short" }, "password"],
      [{ email: "ok@demo.local", role: "annotator", password: "password123" }, "name"],
    ] as const) {
      const res = await post("/api/admin/users", JSON.stringify(body), { cookie: admin });
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.field).toBe(field);
      expect(json.error).toContain(field);
    }
    const keys = await post("/api/keys", JSON.stringify({ name: "k", scopes: ["root"] }), { cookie: researcher });
    expect(keys.status).toBe(400);
    expect((await keys.json()).field).toBe("scopes.0");
    const after = await dbQuery<{ n: string }>(`select count(*) n from "User"`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("an empty body → 400", async () => {
    const res = await post("/api/keys", "", { cookie: researcher });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/empty/);
  });

  it("a duplicate user → 409 naming the email", async () => {
    const res = await post("/api/admin/users", JSON.stringify({ email: DEMO.annotator, name: "x", role: "annotator", password: "password123" }), { cookie: admin });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toContain(DEMO.annotator);
  });
});

describe("queue", () => {
  it("a job enqueued by the web app is processed by the separate worker process", async () => {
    const res = await post("/api/jobs/selfcheck", JSON.stringify({ note: "from-web" }), { cookie: researcher });
    expect(res.status).toBe(202);
    const { jobId } = await res.json();
    const deadline = Date.now() + 30_000;
    let rows: { data: { pid: number } }[] = [];
    while (Date.now() < deadline && rows.length === 0) {
      rows = await dbQuery(`select data from "JobEffect" where "jobId" = $1`, [jobId]);
      if (!rows.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data.pid).not.toBe(process.pid);
  });
});
