/** Password change and reset end the account's earlier sessions (epoch), with real Postgres. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { db } from "../db/client";
import { hashPassword, verifyPassword } from "../auth/password";
import type { Actor } from "../auth/actor";
import { changeOwnPassword, resetPassword } from "./change-password";
import { loadActor, sessionEpochOf } from "./authenticate-user";

let t: TestEnv;
let me: Actor;
let admin: Actor;

beforeAll(async () => {
  t = await createTestEnv("password");
  const u = await db().user.create({ data: { email: "me@pw.test", name: "Me", role: "researcher", passwordHash: await hashPassword("old-password-123") } });
  const a = await db().user.create({ data: { email: "admin@pw.test", name: "A", role: "admin" } });
  me = { kind: "user", userId: u.id, role: "researcher", email: u.email, name: u.name };
  admin = { kind: "user", userId: a.id, role: "admin", email: a.email, name: a.name };
});
afterAll(async () => t.cleanup());

describe("changing a password", () => {
  it("needs the current password and a new one that is long and not the public demo password", async () => {
    await expect(changeOwnPassword(me, { currentPassword: "wrong", newPassword: "a-long-new-password" })).rejects.toMatchObject({ status: 400, details: { field: "currentPassword" } });
    await expect(changeOwnPassword(me, { currentPassword: "old-password-123", newPassword: "short" })).rejects.toThrow(/at least 12/);
    await expect(changeOwnPassword(me, { currentPassword: "old-password-123", newPassword: "demo-password" })).rejects.toThrow(/at least 12|public demo password/);
    expect(await sessionEpochOf(me.userId)).toBe(0);
  });

  it("ends the sessions issued before it; the new password works", async () => {
    const epoch = await sessionEpochOf(me.userId);
    expect(await loadActor(me.userId, epoch)).not.toBeNull();
    await changeOwnPassword(me, { currentPassword: "old-password-123", newPassword: "a-long-new-password" });
    expect(await loadActor(me.userId, epoch)).toBeNull(); // the old session
    expect(await loadActor(me.userId, epoch + 1)).not.toBeNull(); // one issued now
    const row = await db().user.findUniqueOrThrow({ where: { id: me.userId } });
    expect(await verifyPassword("a-long-new-password", row.passwordHash!)).toBe(true);
    expect(row.passwordChangedAt).not.toBeNull();
  });

  it("an admin's reset ends that user's sessions; others cannot reset", async () => {
    const epoch = await sessionEpochOf(me.userId);
    await expect(resetPassword(me, admin.userId, { newPassword: "hijack-the-admin" })).rejects.toMatchObject({ status: 403 });
    await resetPassword(admin, me.userId, { newPassword: "set-by-the-admin" });
    expect(await loadActor(me.userId, epoch)).toBeNull();
    await expect(resetPassword(admin, "no-such-user", { newPassword: "set-by-the-admin" })).rejects.toMatchObject({ status: 404 });
  });
});
