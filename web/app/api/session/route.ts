/**
 * JSON sign-in for the sign-in page and scripts: precise 401/429 messages (Auth.js's own endpoint
 * only redirects with an error code). On success Auth.js sets the session cookie.
 */
import { AuthError } from "next-auth";
import { authenticateUser, signInInput } from "@core/users/authenticate-user";
import { assertSameOriginJson, route } from "@/lib/http";
import { clientIp } from "@/lib/client-ip";
import { signIn, signOut } from "@/auth";

export const POST = route({ body: signInInput, name: "session.create", anonymousBody: true, before: assertSameOriginJson }, async ({ req, body }) => {
  // Checks the password and the rate limit first, so the answer can say 401 or 429 precisely.
  const user = await authenticateUser(body, clientIp(req.headers));
  try {
    await signIn("credentials", { email: body.email, password: body.password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return Response.json({ error: "Sign-in failed; try again" }, { status: 401 });
    throw error;
  }
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
});

export const DELETE = route({ name: "session.delete" }, async () => {
  await signOut({ redirect: false });
  return { ok: true };
});
