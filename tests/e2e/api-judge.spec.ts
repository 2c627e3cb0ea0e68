/**
 * The GenRM API for RL trainers over HTTP against the built server: OpenRLHF's own client call (Python
 * `requests`, exactly as remote_rm_utils.py posts), the Python client's live tests, both-order and cached
 * judging counted at the model server, bad input, the model server and Redis going down and coming back
 * without a restart, the call log, and the OpenAPI document and docs page.
 * The model server is a FAKE of vLLM's documented /v1/completions protocol (genrm/backends/fake), reached
 * through a TCP relay the test can cut to simulate the server going down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { startFakeVllmServer, type FakeVllmServer } from "@genrm/backends/fake/fake-vllm-server";
import { mirrorProbs } from "@genrm/verdicts";
import { TEMPLATE_VERSION } from "@genrm/template";
import { promptKey, responseKey } from "@core/formats/content-key";
import { startWeb, waitForHttp, type Spawned } from "../../scripts/lib/platform";
import { PrivateRedis, freePort } from "../helpers/judge-fixtures";
import { baseUrl, createKey, dbQuery, DEMO, sessionCookie } from "./helpers";
import { inject } from "vitest";

const PY = process.env.GENRM_PYTHON_CLIENT ?? "/usr/bin/python3";

/** Runs Python without blocking this process: the fake model server lives in this event loop. */
function python(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PY, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(t);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A TCP relay to the fake vLLM server: close() makes the backend unreachable, open() brings it back on the same port. */
class Relay {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  constructor(readonly port: number, private readonly target: number) {}
  async open() {
    this.server = net.createServer((client) => {
      const up = net.connect(this.target, "127.0.0.1");
      for (const s of [client, up]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          up.destroy();
        });
      }
      client.pipe(up).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, "127.0.0.1", r));
  }
  async close() {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

let fake: FakeVllmServer;
let relay: Relay;
let judgeKey: string;
let runsKey: string;
let revokedKey: string;
let version: number;
let modelId: string;
const PROMPT = `Which planet is known as the red planet? (${randomBytes(3).toString("hex")})`;
const REFERENCE = "Mars is called the red planet because of iron oxide on its surface.";

const post = (path: string, body: unknown, key: string | null = judgeKey, extra: Record<string, string> = {}) =>
  fetch(`${baseUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const items = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, prompt: `Q ${tag} ${i}`, response: `candidate ${tag} ${i}`, reference: `reference ${tag} ${i}` }));

beforeAll(async () => {
  const researcher = await sessionCookie(DEMO.researcher);
  judgeKey = (await createKey(researcher, ["judge"], "e2e-judge")).key;
  runsKey = (await createKey(researcher, ["runs:write"], "e2e-runs")).key;
  const revoked = await createKey(researcher, ["judge"], "e2e-revoked");
  revokedKey = revoked.key;
  await dbQuery(`update "ApiKey" set "revokedAt" = now() where name = 'e2e-revoked'`);

  fake = await startFakeVllmServer({ positionBias: 1.5 });
  relay = new Relay(await freePort(), fake.port);
  await relay.open();
  version = 700_000 + Math.floor(Math.random() * 99_999);
  modelId = `e2e-judge-${randomBytes(4).toString("hex")}`;
  await dbQuery(
    `insert into "GenrmModel" (id, version, name, backend, kind, config, "templateVersion", status) values ($1, $2, $3, 'openai', 'external', $4, $5, 'candidate')`,
    [modelId, version, `fake-vllm-v${version}`, JSON.stringify({ baseUrl: `http://127.0.0.1:${relay.port}`, model: fake.model, timeoutMs: 3000, retries: 1 }), TEMPLATE_VERSION],
  );
  // A prompt whose reference the server must find by itself.
  const [{ id: userId }] = await dbQuery<{ id: string }>(`select id from "User" where email = $1`, [DEMO.researcher]);
  const ds = `e2e-judge-ds-${randomBytes(4).toString("hex")}`;
  await dbQuery(`insert into "Dataset" (id, name, "createdById") values ($1, $1, $2)`, [ds, userId]);
  const pk = promptKey(PROMPT);
  await dbQuery(`insert into "Prompt" (id, "datasetId", key, text) values ($1, $2, $3, $4)`, [`${ds}-p`, ds, pk, PROMPT]);
  await dbQuery(`insert into "Response" (id, "promptId", model, text, key, "charLen", "tokenLen") values ($1, $2, 'ref', $3, $4, $5, 1)`, [`${ds}-r`, `${ds}-p`, REFERENCE, responseKey(pk, "ref", REFERENCE), REFERENCE.length]);
  await dbQuery(`insert into "Reference" (id, "promptId", "responseId", source) values ($1, $2, $3, 'tournament')`, [`${ds}-ref`, `${ds}-p`, `${ds}-r`]);
});

afterAll(async () => {
  await relay?.close();
  await fake?.close();
});

describe("OpenRLHF drop-in", () => {
  it("answers OpenRLHF's own request (Python requests, as remote_rm_utils.py posts it) in the shape it concatenates", async () => {
    const port = new URL(baseUrl()).port;
    // The exact call of openrlhf/utils/remote_rm_utils.py#request_api_wrapper; the key rides in the URL (Basic auth).
    const script = `
import json, sys, requests
url = "http://genrm:${judgeKey}@127.0.0.1:${port}/get_reward?model=${version}"
prompt = "<|im_start|>user\\n${PROMPT}<|im_end|>\\n<|im_start|>assistant\\n"
data = {"query": [prompt + "Mars.<|im_end|>", prompt + "Jupiter, I think.<|im_end|>", prompt + "Mars, due to rust.<|im_end|>"],
        "prompts": [prompt] * 3, "labels": ["", "", ""]}
response = requests.post(url=url, json=data, headers={"Content-Type": "application/json"}, timeout=180)
response.raise_for_status()
response = response.json()
# What OpenRLHF reads: rewards, scores (when present) and every extra_logs list, one number per query.
assert "rewards" in response, response
n = len(data["query"])
for key in ("rewards", "scores"):
    assert len(response[key]) == n and all(isinstance(x, float) for x in response[key]), (key, response[key])
assert all(0.0 <= s <= 1.0 for s in response["scores"])
for k, v in response["extra_logs"].items():
    assert len(v) == n and all(isinstance(x, (int, float)) for x in v), (k, v)
print(json.dumps(response))
`;
    const r = await python(["-c", script]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const reply = JSON.parse(r.stdout);
    expect(reply.extra_logs.genrm_error).toEqual([0, 0, 0]);
    expect(reply.errors).toEqual([]);
    expect(reply.model.version).toBe(version);
    // Same path under /api/v1, same numbers (and served from the cache now).
    const before = fake.completionRequests;
    const again = await post(`/api/v1/openrlhf/get_reward?model=${version}`, {
      query: [0, 1, 2].map((i) => `<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n${["Mars.", "Jupiter, I think.", "Mars, due to rust."][i]}<|im_end|>`),
      prompts: Array(3).fill(`<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n`),
      labels: ["", "", ""],
    });
    expect(again.status).toBe(200);
    expect((await again.json()).rewards).toEqual(reply.rewards);
    expect(fake.completionRequests).toBe(before);
  });
});

describe("POST /api/v1/judge", () => {
  it("judges both orders: swapping response and reference mirrors the probabilities; inconsistent items are flagged", async () => {
    const a = items(24, "mirror");
    const b = a.map((it) => ({ ...it, response: it.reference, reference: it.response }));
    const ra = await (await post("/api/v1/judge", { items: a, model: version })).json();
    const rb = await (await post("/api/v1/judge", { items: b, model: version })).json();
    expect(ra.bothOrders).toBe(true);
    ra.results.forEach((r: { probs: { better: number; same: number; worse: number }; id: string }, i: number) => {
      expect(r.id).toBe(a[i]!.id);
      const m = mirrorProbs(rb.results[i].probs);
      expect(r.probs.better).toBeCloseTo(m.better, 9);
      expect(r.probs.worse).toBeCloseTo(m.worse, 9);
    });
    const flags = ra.results.map((r: { consistent: boolean }) => r.consistent);
    expect(flags).toContain(false); // the fake judge has a position bias
    expect(flags).toContain(true);
  });

  it("without `model`, the active version judges (the demo seed's embedded GenRM)", async () => {
    const res = await post("/api/v1/judge", { items: items(3, `active-${Date.now()}`) });
    const body = await res.json();
    expect(res.status, body.error).toBe(200);
    const [active] = await dbQuery<{ id: string; version: number }>(`select id, version from "GenrmModel" where status = 'active' order by version desc limit 1`);
    expect(body.model).toMatchObject({ id: active!.id, version: active!.version, status: "active" });
    for (const r of body.results) expect(r.reward).toBeGreaterThanOrEqual(-1);
  });

  it("repeats return the same numbers without calling the model server", async () => {
    const body = { items: items(16, "cache"), model: version };
    const first = await (await post("/api/v1/judge", body)).json();
    const calls = fake.completionRequests;
    const second = await (await post("/api/v1/judge", body)).json();
    expect(second.results).toEqual(first.results);
    expect(fake.completionRequests).toBe(calls);
  });

  it("uses the prompt's stored reference when the item has none; a prompt with none fails alone with 422", async () => {
    const res = await post("/api/v1/judge", { model: version, items: [{ id: "known", prompt: PROMPT, response: "Mars." }, { id: "unknown", prompt: `never imported ${randomBytes(4).toString("hex")}`, response: "x" }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results[0]).toMatchObject({ id: "known", referenceSource: "tournament" });
    expect(body.results[1]).toEqual({ id: "unknown", error: { status: 422, code: "Unprocessable", message: expect.stringMatching(/no reference answer/) } });
  });
});

describe("bad input gets a precise 4xx", () => {
  const cases: Array<[string, string, unknown, string | null, number, RegExp, string?]> = [
    ["wrong type", "/api/v1/judge", { items: [{ prompt: "p", response: 42 }] }, "judge", 400, /^items\.0\.response: response must be a string$/, "items.0.response"],
    ["items not a list", "/api/v1/judge", { items: "p" }, "judge", 400, /^items: items must be a list/, "items"],
    ["empty list", "/api/v1/judge", { items: [] }, "judge", 400, /^items: items must not be empty$/, "items"],
    ["malformed JSON", "/api/v1/judge", "{nope", "judge", 400, /^Malformed JSON/],
    ["mismatched query/prompts", "/get_reward", { query: ["a", "b"], prompts: ["a"], labels: ["", ""] }, "judge", 400, /^prompts has 1 items but query has 2/, "prompts"],
    ["too many items", "/api/v1/judge", { items: Array.from({ length: 1025 }, () => ({ prompt: "p", response: "r" })) }, "judge", 413, /1025 items; the limit is 1024/],
    ["unknown model", "/api/v1/judge", { items: [{ prompt: "p", response: "r", reference: "x" }], model: "no-such-model" }, "judge", 422, /no GenRM version 'no-such-model'/, "model"],
    ["missing key", "/api/v1/judge", { items: [{ prompt: "p", response: "r" }] }, null, 401, /Send an API key/],
    ["malformed key", "/api/v1/judge", { items: [{ prompt: "p", response: "r" }] }, "grm_bad", 401, /Malformed API key/],
    ["unknown key", "/api/v1/judge", { items: [{ prompt: "p", response: "r" }] }, "grm_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401, /Unknown API key/],
    ["revoked key", "/api/v1/judge", { items: [{ prompt: "p", response: "r" }] }, "revoked", 401, /revoked/],
    ["key without judge scope", "/get_reward", { query: [], prompts: [] }, "runs", 403, /lacks the 'judge' scope/],
  ];
  for (const [name, path, body, who, status, message, field] of cases) {
    it(`${name} → ${status}`, async () => {
      const key = who === "judge" ? judgeKey : who === "revoked" ? revokedKey : who === "runs" ? runsKey : who;
      const res = await post(path, body, key);
      expect(res.status).toBe(status);
      const json = await res.json();
      expect(json.error).toMatch(message);
      if (field) expect(json.field).toBe(field);
      expect(res.headers.get("x-request-id")).toBeTruthy();
    });
  }

  it("an oversized text fails only its item (413), and an oversized body is refused before parsing (413)", async () => {
    const res = await post("/api/v1/judge", { model: version, items: [{ prompt: "p", response: "x".repeat(200_001), reference: "r" }, ...items(1, "ok")] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results[0].error).toEqual({ status: 413, code: "TooLarge", message: "response is 200,001 characters; the limit is 200,000" });
    expect(body.results[1].verdict).toBeDefined();
    const huge = await post("/api/v1/judge", JSON.stringify({ items: [{ prompt: "p", response: "y".repeat(33 * 1024 * 1024) }] }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/limit is 33554432/);
  });
});

describe("failures and recovery without a restart", () => {
  it("model server down → 503 with Retry-After and a message; back up → judged again", async () => {
    await relay.close();
    const down = await post("/api/v1/judge", { model: version, items: items(2, `down-${Date.now()}`) });
    expect(down.status).toBe(503);
    expect(Number(down.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await down.json()).error).toMatch(new RegExp(`GenRM v${version} backend is unreachable`));
    await relay.open();
    const up = await post("/api/v1/judge", { model: version, items: items(2, `up-${Date.now()}`) });
    expect(up.status).toBe(200);
  });

  it("Redis down → 503 with a message; Redis back → judged again (a second web server on a private Redis)", async () => {
    const redis = await PrivateRedis.start();
    const port = await freePort();
    const lines: string[] = [];
    const web: Spawned = startWeb(port, {
      DATABASE_URL: inject("databaseUrl"),
      QUEUE_PREFIX: `${inject("queuePrefix")}_redis`,
      REDIS_URL: redis.url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      NODE_ENV: "production",
      LOG_REQUESTS: "0",
    }, (l) => lines.push(l));
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/api/v1/openapi.json`, 60_000);
      const judge = (tag: string) => fetch(`${url}/api/v1/judge`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${judgeKey}` }, body: JSON.stringify({ model: version, items: items(2, tag) }) });
      expect((await judge(`r1-${Date.now()}`)).status).toBe(200);
      await redis.stop();
      const down = await judge(`r2-${Date.now()}`);
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("2");
      expect((await down.json()).error).toMatch(/shared judgement cache \(Redis\) is unreachable/);
      await redis.start();
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await judge(`r3-${Date.now()}`)).status;
      }
      expect(status, lines.slice(-20).join("\n")).toBe(200);
    } finally {
      await web.stop();
      await redis.stop();
    }
  });
});

describe("observability and documentation", () => {
  it("logs every call with key, model version, batch size and latency", async () => {
    const res = await post("/api/v1/judge", { model: version, items: items(5, `log-${Date.now()}`) });
    const requestId = res.headers.get("x-request-id")!;
    let rows: Array<{ apiKeyId: string; modelId: string; batchSize: number; status: number; latencyMs: number; route: string }> = [];
    for (let i = 0; i < 20 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      rows = await dbQuery(`select l.*, k.name as "keyName" from "ApiCallLog" l left join "ApiKey" k on k.id = l."apiKeyId" where "requestId" = $1`, [requestId]);
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ modelId, batchSize: 5, status: 200, route: "judge", keyName: "e2e-judge" });
    expect(rows[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("serves the OpenAPI document and a readable docs page, both public", async () => {
    const doc = await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe("3.0.3");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/judge", "/get_reward"]));
    expect(doc.paths["/api/v1/judge"].post.requestBody.content["application/json"].schema.required).toEqual(["items"]);
    const page = await fetch(`${baseUrl()}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("GenRM API for RL trainers");
    expect(html).toContain("POST /api/v1/judge");
    expect(html).toContain("--remote_rm_url");
  });
});

describe("Python client against the running server", () => {
  it("reward_func (TRL), its async variant and compute_score (verl) work end to end", async () => {
    const r = await python(["-m", "unittest", "-v", "clients.python.test_live"], {
      ...process.env,
      GENRM_URL: baseUrl(),
      GENRM_API_KEY: judgeKey,
      GENRM_MODEL: String(version),
      GENRM_TEST_PROMPT: PROMPT,
      PYTHONDONTWRITEBYTECODE: "1",
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/Ran 5 tests/);
    expect(out).not.toMatch(/skipped/);
  });
});
