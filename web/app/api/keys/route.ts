import { createApiKey, createApiKeyInput, listApiKeys } from "@core/auth/api-keys";
import { route } from "@/lib/http";

export const GET = route({ name: "keys.list" }, async ({ actor }) => ({ keys: await listApiKeys(actor!) }));

export const POST = route({ body: createApiKeyInput, name: "keys.create" }, async ({ actor, body }) => {
  const created = await createApiKey(actor!, body);
  return Response.json({ key: created }, { status: 201, headers: { "cache-control": "no-store" } });
});
