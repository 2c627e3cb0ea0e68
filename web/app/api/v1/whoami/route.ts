/** Who does this credential act as? Handy for checking an API key from a trainer. */
import { AppError } from "@core/errors";
import { route } from "@/lib/http";

export const GET = route({ name: "whoami" }, async ({ actor }) => {
  if (!actor) throw new AppError("Unauthenticated", "Send an API key as 'Authorization: Bearer <key>' or sign in");
  return actor.kind === "apiKey"
    ? { kind: "apiKey", keyId: actor.keyId, scopes: actor.scopes, role: actor.role }
    : { kind: "user", userId: actor.userId, role: actor.role, email: actor.email };
});
