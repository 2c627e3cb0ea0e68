/** POST /api/admin/users/:id/password {newPassword} — an admin resets an account's password; its sessions end. */
import { resetPassword, resetPasswordInput } from "@core/users/change-password";
import { route } from "@/lib/http";

export const POST = route({ body: resetPasswordInput, maxBytes: 5_000, name: "users.password.reset" }, async ({ actor, body, params }) => ({
  user: await resetPassword(actor!, params.id!, body),
}));
