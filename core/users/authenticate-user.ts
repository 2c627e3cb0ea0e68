/** Email + password sign-in, rate-limited per (email, ip). Used by Auth.js's Credentials provider. */
import { z } from "zod";
import { db } from "../db/client";
import { sql } from "../db/sql-pool";
import { AppError } from "../errors";
import { dummyHash, verifyPassword } from "../auth/password";
import { beginSignInAttempt, clearSignInFailures } from "../auth/rate-limit";
import type { Role } from "../auth/actor";

export const signInInput = z.object({
  email: z.string({ error: "email is required" }).trim().toLowerCase().email("email is not a valid address"),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(200),
});

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function authenticateUser(input: z.infer<typeof signInInput>, ip: string): Promise<SignedInUser> {
  const { email, password } = signInInput.parse(input);
  await beginSignInAttempt(email, ip); // counted now, cleared on success: a burst cannot outrun the count
  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || !user.active) {
    // One message for unknown email, wrong password and deactivated account: no account probing.
    throw new AppError("Unauthenticated", "Wrong email or password, or the account is deactivated");
  }
  await clearSignInFailures(email, ip);
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** OAuth sign-in: only accounts an admin created (matched by verified email) may enter. */
export async function findActiveUserByEmail(email: string): Promise<SignedInUser | null> {
  const user = await db().user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * Re-reads role/active (and, for sessions, the session epoch) on each request so a deactivation or role change takes effect at once. Every
 * signed-in request runs this (annotators' next/submit loop included), so it is one plain SQL query,
 * not a Prisma model query (~10× the CPU here; see core/db/sql-pool.ts).
 */
export async function loadActor(userId: string, sessionEpoch?: number) {
  const [user] = await sql<{ id: string; role: string; email: string; name: string; active: boolean; sessionEpoch: number }>(
    `SELECT id, role::text AS role, email, name, active, "sessionEpoch" FROM "User" WHERE id = $1`,
    [userId],
  );
  if (!user || !user.active) return null;
  // A session from before the last password change or reset has ended.
  if (sessionEpoch !== undefined && sessionEpoch !== user.sessionEpoch) return null;
  return { kind: "user" as const, userId: user.id, role: user.role as Role, email: user.email, name: user.name };
}

/** The epoch a new session is issued under (see change-password.ts). */
export async function sessionEpochOf(userId: string): Promise<number> {
  const [row] = await sql<{ sessionEpoch: number }>(`SELECT "sessionEpoch" FROM "User" WHERE id = $1`, [userId]);
  return row?.sessionEpoch ?? 0;
}
