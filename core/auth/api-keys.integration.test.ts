import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { db } from "../db/client";
import { authenticateApiKey, createApiKey, hashApiKey, revokeApiKey } from "./api-keys";
import { requireScope, type Actor } from "./actor";

let t: TestEnv;
let researcher: Actor;

beforeAll(async () => {
  t = await createTestEnv("apikeys");
  const u = await db().user.create({ data: { email: "r@x.test", name: "R", role: "researcher" } });
  researcher = { kind: "user", userId: u.id, role: "researcher", email: u.email, name: u.name };
});
afterAll(async () => t.cleanup());

describe("API keys", () => {
  it("are shown once and stored only hashed", async () => {
    const created = await createApiKey(researcher, { name: "trainer", scopes: ["judge"] });
    expect(created.key).toMatch(/^grm_[0-9a-f]{8}_/);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(hashApiKey(created.key));
    // The full key appears in no column of the row.
    expect(JSON.stringify(row)).not.toContain(created.key);
    // The secret is everything after "grm_<prefix>_" (its alphabet has "_" too, so no split on it).
    expect(JSON.stringify(row)).not.toContain(created.key.slice("grm_00000000_".length));
  });

  it("authenticate with their scopes, record last use, and refuse a wrong scope (403)", async () => {
    const { key, id } = await createApiKey(researcher, { name: "judge-only", scopes: ["judge"] });
    const actor = await authenticateApiKey(key);
    expect(actor).toMatchObject({ kind: "apiKey", keyId: id, scopes: ["judge"] });
    expect(() => requireScope(actor, "judge")).not.toThrow();
    expect(() => requireScope(actor, "runs:write")).toThrow(expect.objectContaining({ code: "Forbidden", status: 403 }));
    const row = await db().apiKey.findUniqueOrThrow({ where: { id } });
    // Written by plain SQL in UTC: it must read back through Prisma as this moment, whatever the zone.
    expect(Math.abs(row.lastUsedAt!.getTime() - Date.now())).toBeLessThan(30_000);
    // Minute resolution: a second use within the minute does not write again.
    await authenticateApiKey(key);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(row.lastUsedAt);
  });

  it("a deactivated owner's keys get 401", async () => {
    const u = await db().user.create({ data: { email: "gone@x.test", name: "Gone", role: "researcher" } });
    const { key } = await createApiKey({ kind: "user", userId: u.id, role: "researcher", email: u.email, name: u.name }, { name: "k", scopes: ["judge"] });
    await db().user.update({ where: { id: u.id }, data: { active: false } });
    await expect(authenticateApiKey(key)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/deactivated/) });
  });

  it("revoked keys get 401", async () => {
    const { key, id } = await createApiKey(researcher, { name: "to-revoke", scopes: ["judge"] });
    await revokeApiKey(researcher, id);
    await expect(authenticateApiKey(key)).rejects.toMatchObject({ code: "Unauthenticated", status: 401, message: expect.stringMatching(/revoked/) });
  });

  it("concurrent checks share a query yet each gets its own answer, and a revocation applies to the very next burst", async () => {
    const a = await createApiKey(researcher, { name: "burst-a", scopes: ["judge"] });
    const b = await createApiKey(researcher, { name: "burst-b", scopes: ["judge"] });
    const unknown = "grm_00000000_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const burst = () => Promise.allSettled([a.key, b.key, unknown, a.key, b.key].map((k) => authenticateApiKey(k)));
    const first = await burst();
    expect(first.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(first.map((r) => (r.status === "fulfilled" ? (r.value as { keyId: string }).keyId : null))).toEqual([a.id, b.id, null, a.id, b.id]);
    await revokeApiKey(researcher, b.id);
    const second = await burst();
    expect(second.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled", "rejected"]);
    expect((second[1] as PromiseRejectedResult).reason).toMatchObject({ status: 401, message: expect.stringMatching(/revoked/) });
    expect((second[2] as PromiseRejectedResult).reason).toMatchObject({ status: 401, message: "Unknown API key" });
  });

  it("unknown or malformed keys get 401", async () => {
    await expect(authenticateApiKey("grm_00000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).rejects.toMatchObject({ status: 401 });
    await expect(authenticateApiKey("nonsense")).rejects.toMatchObject({ status: 401, message: "Malformed API key" });
  });

  it("annotators cannot create keys; others cannot revoke someone else's", async () => {
    const a = await db().user.create({ data: { email: "a@x.test", name: "A", role: "annotator" } });
    const annotator: Actor = { kind: "user", userId: a.id, role: "annotator", email: a.email, name: a.name };
    await expect(createApiKey(annotator, { name: "x", scopes: ["judge"] })).rejects.toMatchObject({ status: 403 });
    const other = await db().user.create({ data: { email: "r2@x.test", name: "R2", role: "researcher" } });
    const otherActor: Actor = { kind: "user", userId: other.id, role: "researcher", email: other.email, name: other.name };
    const { id } = await createApiKey(researcher, { name: "mine", scopes: ["judge"] });
    await expect(revokeApiKey(otherActor, id)).rejects.toMatchObject({ status: 404 });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
  });
});

describe("keys follow their owner's role", () => {
  it("a demoted owner's key loses its scopes at once; re-promoted, it works again (no new key needed)", async () => {
    const u = await db().user.create({ data: { email: "demoted@x.test", name: "D", role: "researcher" } });
    const owner: Actor = { kind: "user", userId: u.id, role: "researcher", email: u.email, name: u.name };
    const { key } = await createApiKey(owner, { name: "exporter", scopes: ["data:write", "judge"] });
    const scopesOf = (a: Actor) => (a.kind === "apiKey" ? a.scopes : null);
    expect(scopesOf(await authenticateApiKey(key))).toEqual(["data:write", "judge"]);

    await db().user.update({ where: { id: u.id }, data: { role: "annotator" } });
    const demoted = await authenticateApiKey(key);
    expect(scopesOf(demoted)).toEqual([]);
    expect(() => requireScope(demoted, "data:write")).toThrow(expect.objectContaining({ status: 403, message: expect.stringMatching(/no longer allows/) }));
    expect(() => requireScope(demoted, "judge")).toThrow(expect.objectContaining({ status: 403 }));

    await db().user.update({ where: { id: u.id }, data: { role: "researcher" } });
    const promoted = await authenticateApiKey(key);
    expect(scopesOf(promoted)).toEqual(["data:write", "judge"]);
    expect(() => requireScope(promoted, "data:write")).not.toThrow();
  });
});
