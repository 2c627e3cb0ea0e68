/**
 * Fixtures for the judge API tests: model rows, judge keys, prompts with references, and a private
 * Redis server the test may stop and restart (the shared one belongs to everybody on this machine).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { db } from "@core/db/client";
import { createApiKey } from "@core/auth/api-keys";
import { authenticateApiKey } from "@core/auth/api-keys";
import type { Actor, Scope } from "@core/auth/actor";
import { promptKey, responseKey } from "@core/formats/content-key";
import { TEMPLATE_VERSION } from "@genrm/template";

let nextVersion = 1000 + Math.floor(Math.random() * 1000) * 1000;

export async function createModel(data: { backend: string; config?: object; status?: "training" | "candidate" | "active" | "retired" | "failed"; name?: string }) {
  const version = nextVersion++;
  return db().genrmModel.create({
    data: {
      version,
      name: data.name ?? `test-v${version}`,
      backend: data.backend,
      kind: "external",
      config: (data.config ?? {}) as object,
      templateVersion: TEMPLATE_VERSION,
      status: data.status ?? "candidate",
    },
  });
}

export async function createUser(role: "researcher" | "admin" | "annotator" = "researcher") {
  const u = await db().user.create({ data: { email: `${randomBytes(4).toString("hex")}@judge.test`, name: "Judge tester", role } });
  const actor: Actor = { kind: "user", userId: u.id, role, email: u.email, name: u.name };
  return { user: u, actor };
}

/** A real API key (created and authenticated like the web does) acting for a new researcher. */
export async function keyActor(scopes: Scope[], owner?: Actor): Promise<{ actor: Actor; key: string }> {
  const o = owner ?? (await createUser()).actor;
  const { key } = await createApiKey(o, { name: `test-${scopes.join("+")}`, scopes });
  return { actor: await authenticateApiKey(key), key };
}

/** A prompt (by its text) in a new dataset with `reference` as its current reference answer. */
export async function seedReference(promptText: string, referenceText: string, source: "imported" | "tournament" | "override" = "tournament") {
  const { user } = await createUser();
  const ds = await db().dataset.create({ data: { name: `judge-${randomBytes(3).toString("hex")}`, createdById: user.id } });
  const pk = promptKey(promptText);
  const prompt = await db().prompt.create({ data: { datasetId: ds.id, key: pk, text: promptText } });
  const response = await db().response.create({
    data: { promptId: prompt.id, model: "ref-model", text: referenceText, key: responseKey(pk, "ref-model", referenceText), charLen: referenceText.length, tokenLen: 1 },
  });
  await db().reference.create({ data: { promptId: prompt.id, responseId: response.id, source } });
  return { prompt, response };
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

/** redis-server on a private port; stop() and start() keep the port, so clients can reconnect. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.start();
    return r;
  }
  async start(): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("redis-server did not start")), 10_000);
      child.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("Ready to accept connections")) {
          clearTimeout(t);
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
    });
  }
  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  }
}

export async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}
