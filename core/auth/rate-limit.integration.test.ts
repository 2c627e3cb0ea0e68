/**
 * The sign-in limiter against real Redis and Postgres: a parallel burst cannot outrun the count, other
 * addresses are unaffected (no lock-out of the owner by a guesser elsewhere), the block backs off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { db } from "../db/client";
import { resetEnvCache } from "../env";
import { hashPassword } from "./password";
import { authenticateUser } from "../users/authenticate-user";

let t: TestEnv;
const email = "limited@limit.test";

beforeAll(async () => {
  t = await createTestEnv("ratelimit");
  process.env.SIGNIN_MAX_FAILURES = "5";
  process.env.SIGNIN_BLOCK_S = "30";
  process.env.SIGNIN_WINDOW_S = "60";
  resetEnvCache();
  await db().user.create({ data: { email, name: "L", role: "annotator", passwordHash: await hashPassword("right-password") } });
});
afterAll(async () => {
  delete process.env.SIGNIN_BLOCK_S;
  await t.cleanup();
});

const statusOf = (password: string, ip: string) =>
  authenticateUser({ email, password }, ip).then(
    () => 200,
    (e: { status?: number }) => e.status ?? 500,
  );

describe("sign-in limiter", () => {
  it("a burst of 20 parallel guesses gets exactly 5 tries; the rest are refused before the password is checked", async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, () => statusOf("wrong", "198.51.100.1")));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(await statusOf("right-password", "198.51.100.1")).toBe(429);
  });

  it("the account's owner at another address is not locked out by the guesser", async () => {
    expect(await statusOf("right-password", "203.0.113.50")).toBe(200);
  });

  it("the block backs off: each failure after it doubles the wait", async () => {
    process.env.SIGNIN_BLOCK_S = "1";
    resetEnvCache();
    const ip = "198.51.100.2";
    for (let i = 0; i < 5; i++) expect(await statusOf("wrong", ip)).toBe(401);
    const first = await authenticateUser({ email, password: "wrong" }, ip).catch((e) => e);
    expect(first.details.retryAfterS).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await statusOf("wrong", ip)).toBe(401); // allowed again after the block, and fails
    const second = await authenticateUser({ email, password: "wrong" }, ip).catch((e) => e);
    expect(second.status).toBe(429);
    expect(second.details.retryAfterS).toBe(2);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await statusOf("right-password", ip)).toBe(200); // a success clears the count
    expect(await statusOf("wrong", ip)).toBe(401);
  });
});
