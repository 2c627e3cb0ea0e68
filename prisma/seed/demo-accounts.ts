/** Demo accounts, one per role. Idempotent: existing accounts are left as they are. */
import type { Db } from "@core/db/client";
import { hashPassword, verifyPassword } from "@core/auth/password";
import { PUBLIC_DEMO_PASSWORD } from "@core/users/demo-password";

export const DEMO_PASSWORD = PUBLIC_DEMO_PASSWORD;

export const DEMO_ACCOUNTS = [
  { email: "admin@demo.local", name: "Ada Admin", role: "admin" },
  { email: "researcher@demo.local", name: "Rosa Researcher", role: "researcher" },
  { email: "annotator@demo.local", name: "Ann Annotator", role: "annotator" },
  { email: "annotator2@demo.local", name: "Abe Annotator", role: "annotator" },
  { email: "annotator3@demo.local", name: "Amy Annotator", role: "annotator" },
] as const;

export async function seedDemoAccounts(db: Db) {
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    await db.user.upsert({ where: { email: a.email }, create: { ...a, passwordHash: hash }, update: {} });
  }
  return DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role, password: DEMO_PASSWORD }));
}

/** Active demo accounts whose password is still the public one (anyone who can reach the app can use them). */
export async function demoAccountsWithPublicPassword(db: Db): Promise<string[]> {
  const rows = await db.user.findMany({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) }, active: true }, select: { email: true, passwordHash: true } });
  const open: string[] = [];
  for (const r of rows) if (r.passwordHash && (await verifyPassword(DEMO_PASSWORD, r.passwordHash))) open.push(r.email);
  return open;
}
