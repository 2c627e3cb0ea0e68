import { revokeApiKey } from "@core/auth/api-keys";
import { route } from "@/lib/http";

export const DELETE = route({ name: "keys.revoke" }, async ({ actor, params }) => {
  const key = await revokeApiKey(actor!, params.id!);
  return { key: { id: key.id, revokedAt: key.revokedAt } };
});
