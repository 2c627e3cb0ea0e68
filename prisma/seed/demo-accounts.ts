/** Demo accounts, one per role. Idempotent: existing accounts are left as they are. */
import type { Db } from "@core/db/client";
import { hashPassword } from "@core/auth/password";

export const DEMO_PASSWORD = "demo-password";

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
