/**
 * The judge service (core/judge-service, `npm run serve:judge`) over real HTTP, Postgres and Redis:
 * every guarantee of the web app's judge routes — API key per request (Bearer and OpenRLHF's Basic),
 * revocation effective on the next request, sessions refused, both-order debiasing, the result cache,
 * one call-log row per call, size caps — plus its own health endpoint and graceful close; and two
 * service processes (as `npm start` / a deployment runs them) serving one database and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { createModel, freePort, keyActor } from "../helpers/judge-fixtures";
import { db } from "@core/db/client";
import { sql } from "@core/db/sql-pool";
import { closeServingPool, flushApiCalls, resetServingConfig, stackFor, resolveServingModel } from "@core/genrm-service";
import { createJudgeServer, type JudgeServer } from "@core/judge-service/judge-server";
import { startJudgeService, waitForHttp, type Spawned } from "../../scripts/lib/platform";

let t: TestEnv;
let server: JudgeServer;
let base: string;
let key: string;
let version: number;
const procs: Spawned[] = [];

beforeAll(async () => {
  t = await createTestEnv("judgesvc");
  process.env.GENRM_ALLOW_TEST_BACKENDS = "1";
  process.env.LOG_REQUESTS = "0";
  resetServingConfig();
  key = (await keyActor(["judge"])).key;
  version = (await createModel({ backend: "deterministic", status: "active", config: { positionBias: 1.5 } })).version;
  server = createJudgeServer();
  await new Promise<void>((r) => server.server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await server?.close();
  await closeServingPool();
  await t.cleanup();
});

const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

const items = (tag: string, n = 4) => Array.from({ length: n }, (_, i) => ({ prompt: `Q ${tag} ${i}`, response: `answer ${tag} ${i}`, reference: `reference ${tag} ${i}` }));

describe("judge service", () => {
  it("judges with both orders by default, and the second identical call is answered from the cache", async () => {
    const res = await post("/api/v1/judge", { items: items("a") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const reply = (await res.json()) as { model: { version: number }; bothOrders: boolean; results: Array<{ consistent: boolean | null; reward: number }> };
    expect(reply.model.version).toBe(version);
    expect(reply.bothOrders).toBe(true);
    expect(reply.results.every((r) => typeof r.consistent === "boolean")).toBe(true);
    const stack = await stackFor(await resolveServingModel(version));
    const calls = stack.stats().backendCalls;
    const again = (await (await post("/api/v1/judge", { items: items("a") })).json()) as typeof reply;
    expect(again.results.map((r) => r.reward)).toEqual(reply.results.map((r) => r.reward));
    expect(stack.stats().backendCalls).toBe(calls);
  });

  it("speaks OpenRLHF's protocol with the key as Basic password", async () => {
    const basic = `Basic ${Buffer.from(`genrm:${key}`).toString("base64")}`;
    const res = await post("/get_reward?bothOrders=0", { query: ["p1 r1", "p2 r2"], prompts: ["p1", "p2"], labels: ["ref1", "ref2"] }, { authorization: basic });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { rewards: number[]; scores: number[]; extra_logs: Record<string, number[]> };
    expect(reply.rewards).toHaveLength(2);
    expect(reply.scores.map((s, i) => s - (reply.rewards[i]! + 1) / 2)).toEqual([0, 0]);
    expect(Object.keys(reply.extra_logs)).not.toContain("genrm_consistent"); // one order
    expect((await post("/api/v1/openrlhf/get_reward", { query: [], prompts: [] })).status).toBe(200);
  });

  it("checks the key on every request: unknown, malformed, wrong scope, session, and revoked keys are refused", async () => {
    const body = { items: items("auth", 1) };
    expect((await post("/api/v1/judge", body, {})).status).toBe(401);
    expect((await post("/api/v1/judge", body, { authorization: "Bearer grm_00000000_unknownunknownunknownunknown" })).status).toBe(401);
    expect((await post("/api/v1/judge", body, { authorization: "Token x" })).status).toBe(401);
    expect((await post("/api/v1/judge", body, { cookie: "authjs.session-token=x" })).status).toBe(403);
    const runs = await keyActor(["runs:write"]);
    expect((await post("/api/v1/judge", body, { authorization: `Bearer ${runs.key}` })).status).toBe(403);

    const other = await keyActor(["judge"]);
    expect((await post("/api/v1/judge", body, { authorization: `Bearer ${other.key}` })).status).toBe(200);
    await sql(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE id = $1`, [(other.actor as { keyId: string }).keyId]);
    const refused = await post("/api/v1/judge", body, { authorization: `Bearer ${other.key}` });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toMatch(/revoked/);
  });

  it("answers bad input with the status and message the web app gives", async () => {
    expect((await post("/api/v1/judge", "{not json")).status).toBe(400);
    expect((await post("/api/v1/judge", "")).status).toBe(400);
    const wrong = await post("/api/v1/judge", { items: [{ prompt: 1, response: "r" }] });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { field: string }).field).toBe("items.0.prompt");
    expect((await post("/api/v1/judge", { items: items("big", 1025) })).status).toBe(413);
    expect((await fetch(`${base}/api/v1/judge`)).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it("a client that disconnects mid-body leaves nothing in flight", async () => {
    const { request } = await import("node:http");
    const url = new URL(`${base}/api/v1/judge`);
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": "100000" } });
    req.on("error", () => undefined);
    req.write('{"items": [');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.inFlight()).toBe(1);
    req.destroy();
    const deadline = Date.now() + 5000;
    while (server.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.inFlight()).toBe(0);
  });

  it("writes one call-log row per authenticated call; failed authentication is only counted", async () => {
    const { flushAuthFailures } = await import("@core/genrm-service/auth-failures");
    flushAuthFailures();
    await flushApiCalls();
    const before = await db().apiCallLog.count();
    await post("/api/v1/judge", { items: items("log", 3) });
    await post("/api/v1/judge", { items: items("log", 1) }, {});
    await post("/api/v1/judge", { items: items("log", 1) }, { authorization: "Bearer grm_00000000_unknownunknownunknownunknown", "x-request-id": "x".repeat(5000) });
    await flushApiCalls();
    const rows = await db().apiCallLog.findMany({ orderBy: { createdAt: "desc" }, take: 1 });
    expect(await db().apiCallLog.count()).toBe(before + 1);
    expect(rows.map((r) => [r.route, r.status, r.batchSize])).toEqual([["judge", 200, 3]]);
    const counted = flushAuthFailures().filter((f) => f.route === "judge").reduce((n, f) => n + f.count, 0);
    expect(counted).toBe(2);
  });

  it("passes other paths to the web app (one address for judging and run reporting); 502 when it is down", async () => {
    const { createServer } = await import("node:http");
    const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];
    const web = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        res.writeHead(201, { "content-type": "application/json", "x-from": "web" }).end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
    const webUrl = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
    const front = createJudgeServer({ webAppUrl: webUrl });
    await new Promise<void>((r) => front.server.listen(0, "127.0.0.1", () => r()));
    const frontUrl = `http://127.0.0.1:${(front.server.address() as { port: number }).port}`;
    try {
      const res = await fetch(`${frontUrl}/api/v1/runs/r1/steps?x=1`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: '{"step":1}' });
      expect(res.status).toBe(201);
      expect(res.headers.get("x-from")).toBe("web");
      expect(seen).toEqual([{ method: "POST", url: "/api/v1/runs/r1/steps?x=1", auth: "Bearer k", body: '{"step":1}' }]);
      // Judge paths never reach the web app.
      expect((await fetch(`${frontUrl}/api/v1/judge`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ items: items("front", 1) }) })).status).toBe(200);
      expect(seen).toHaveLength(1);
      await new Promise<void>((r) => web.close(() => r()));
      web.closeAllConnections();
      const down = await fetch(`${frontUrl}/api/v1/runs/r1/control`);
      expect(down.status).toBe(502);
      expect(down.headers.get("retry-after")).toBe("2");
    } finally {
      web.close();
      await front.close();
    }
  });

  it("two service processes serve the same database and Redis; SIGTERM ends each gracefully", async () => {
    const env = { DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, GENRM_ALLOW_TEST_BACKENDS: "1", LOG_REQUESTS: "0", JUDGE_PROCESSES: "1" };
    const ports = [await freePort(), await freePort()];
    const lines: string[] = [];
    for (const port of ports) procs.push(startJudgeService(port, env, (l) => lines.push(l)));
    await Promise.all(ports.map((p) => waitForHttp(`http://127.0.0.1:${p}/healthz`, 60_000)));
    const health = (await (await fetch(`http://127.0.0.1:${ports[0]}/healthz`)).json()) as { ok: boolean; pid: number };
    expect(health).toMatchObject({ ok: true, pid: procs[0]!.child.pid });
    const ask = async (port: number, tag: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/judge`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ items: items(tag) }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: Array<{ reward: number }> }).results.map((r) => r.reward);
    };
    await flushApiCalls();
    const before = await db().apiCallLog.count();
    // The same items through each process: the same answers.
    expect(await ask(ports[1]!, "fleet")).toEqual(await ask(ports[0]!, "fleet"));
    for (const p of procs) await p.stop();
    expect(procs.map((p) => p.child.exitCode)).toEqual([0, 0]);
    expect(lines.filter((l) => l.includes("judge service stopped"))).toHaveLength(2);
    expect(await db().apiCallLog.count()).toBe(before + 2); // each wrote its log, at the latest on the way out
  }, 120_000);

  it("JUDGE_PROCESSES=2: two processes share one port; one killed is replaced while the other serves; SIGTERM stops both", async () => {
    const env = { DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, GENRM_ALLOW_TEST_BACKENDS: "1", LOG_REQUESTS: "0", JUDGE_PROCESSES: "2" };
    const port = await freePort();
    const lines: string[] = [];
    const service = startJudgeService(port, env, (l) => lines.push(l));
    procs.push(service);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, 60_000);
    await expect.poll(() => lines.some((l) => l.includes("2 processes")), { timeout: 30_000 }).toBe(true);
    // Each new connection goes to one of them: fresh connections reach both.
    const pidsSeen = async (n: number) => {
      const pids = new Set<number>();
      for (let i = 0; i < n; i++) pids.add(((await (await fetch(`${url}/healthz`, { headers: { connection: "close" }, signal: AbortSignal.timeout(10_000) })).json()) as { pid: number }).pid);
      return pids;
    };
    // "2 processes" is logged at fork; the second may still be starting to listen on a loaded machine.
    let first = new Set<number>();
    await expect.poll(async () => (first = await pidsSeen(12)).size, { timeout: 30_000, interval: 500 }).toBe(2);
    expect(first.has(service.child.pid!)).toBe(false); // the primary only hands out connections
    const [victim] = [...first];
    process.kill(victim!, "SIGKILL");
    // Once the primary has seen the death (it hands connections out, and one handed to a process that
    // is already dead but not yet reaped could wait), the other answers judge calls while the
    // replacement starts. Each call has a deadline, so a lost connection fails here, not by the test's timeout.
    await expect.poll(() => lines.some((l) => l.includes(`process ${victim} killed by SIGKILL`)), { timeout: 10_000 }).toBe(true);
    const res = await fetch(`${url}/api/v1/judge`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", connection: "close" }, body: JSON.stringify({ items: items("cluster") }), signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    await expect.poll(async () => { const now = await pidsSeen(12); return now.size === 2 && !now.has(victim!); }, { timeout: 30_000, interval: 500 }).toBe(true);
    await service.stop();
    expect(service.child.exitCode).toBe(0);
    expect(lines.filter((l) => l.includes("judge service stopped"))).toHaveLength(1);
  }, 120_000);
});
