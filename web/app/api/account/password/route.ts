/**
 * POST /api/account/password {currentPassword, newPassword} — the signed-in user changes their password.
 * Every session of the account ends (epoch bumped); this one is re-issued with the new password.
 */
import { changeOwnPassword, changeOwnPasswordInput } from "@core/users/change-password";
import { route } from "@/lib/http";
import { signIn } from "@/auth";

export const POST = route({ body: changeOwnPasswordInput, maxBytes: 5_000, name: "account.password" }, async ({ actor, body }) => {
  const changed = await changeOwnPassword(actor!, body);
  await signIn("credentials", { email: changed.email, password: body.newPassword, redirect: false });
  return { ok: true, passwordChangedAt: changed.passwordChangedAt };
});
