import { listApiKeys } from "@core/auth/api-keys";
import { requirePageUser } from "@/lib/actor";
import { ApiKeys } from "./api-keys";

export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  const user = await requirePageUser("/settings/api-keys", "researcher");
  const keys = await listApiKeys(user);
  return (
    <div>
      <h1 className="mb-1 text-2xl font-semibold">API keys</h1>
      <p className="mb-4 text-sm text-slate-600">
        For programs such as your RL trainer: send <code>Authorization: Bearer &lt;key&gt;</code>. Scopes: <b>judge</b> (rewards),
        <b> runs:write</b> (report RL steps), <b>data:write</b> (import data). A key is shown once; we store only its hash.
      </p>
      <ApiKeys
        initial={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null }))}
      />
    </div>
  );
}
