/**
 * Passwords people set themselves, or an admin sets for them. Either way the account's session epoch is
 * bumped, so every session issued before (Auth.js JWTs, which cannot be revoked one by one) ends at its
 * next request: web/lib/actor.ts compares the session's epoch with the account's.
 */
import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { requireRole, requireUser, type Actor } from "../auth/actor";
import { PUBLIC_DEMO_PASSWORD } from "./demo-password";

const newPassword = z
  .string({ error: "newPassword is required" })
  .min(12, "newPassword must be at least 12 characters")
  .max(200, "newPassword must be at most 200 characters")
  .refine((p) => p !== PUBLIC_DEMO_PASSWORD, "newPassword is the public demo password; choose another");

export const changeOwnPasswordInput = z.object({
  currentPassword: z.string({ error: "currentPassword is required" }).min(1, "currentPassword is required").max(200),
  newPassword,
});

export const resetPasswordInput = z.object({ newPassword });

async function setPassword(userId: string, password: string) {
  const user = await db().user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date(), sessionEpoch: { increment: 1 } },
    select: { id: true, email: true, sessionEpoch: true, passwordChangedAt: true },
  });
  return user;
}

/** The signed-in user changes their own password (the current one is asked again). */
export async function changeOwnPassword(actor: Actor, input: z.infer<typeof changeOwnPasswordInput>) {
  const me = requireUser(actor);
  const data = changeOwnPasswordInput.parse(input);
  const user = await db().user.findUnique({ where: { id: me.userId } });
  if (!user) throw notFound("User");
  if (!user.passwordHash || !(await verifyPassword(data.currentPassword, user.passwordHash))) {
    throw new AppError("Invalid", "currentPassword is wrong", { field: "currentPassword" });
  }
  const updated = await setPassword(user.id, data.newPassword);
  return { email: updated.email, passwordChangedAt: updated.passwordChangedAt };
}

/** An admin sets a new password for an account; that account's sessions end. */
export async function resetPassword(actor: Actor, userId: string, input: z.infer<typeof resetPasswordInput>) {
  requireRole(actor, "admin");
  const data = resetPasswordInput.parse(input);
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw notFound("User");
  const updated = await setPassword(user.id, data.newPassword);
  return { id: updated.id, email: updated.email, passwordChangedAt: updated.passwordChangedAt };
}
