"use client";
import { useState } from "react";
import { api } from "@/components/api";

interface K { id: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }
const SCOPES = ["judge", "runs:write", "data:write"];

export function ApiKeys({ initial }: { initial: K[] }) {
  const [keys, setKeys] = useState(initial);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-center gap-3 rounded-lg border bg-white p-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const f = new FormData(e.currentTarget);
          try {
            const { key } = await api<{ key: K & { key: string } }>("/api/keys", { body: { name: f.get("name"), scopes: f.getAll("scopes") } });
            setShown(key.key);
            setKeys((ks) => [{ ...key, createdAt: String(key.createdAt), lastUsedAt: null, revokedAt: null }, ...ks]);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <input name="name" placeholder="key name, e.g. grpo-run-7" required className="rounded border px-2 py-1" />
        {SCOPES.map((s) => (
          <label key={s} className="text-sm"><input type="checkbox" name="scopes" value={s} defaultChecked={s === "judge"} /> {s}</label>
        ))}
        <button className="rounded bg-slate-900 px-3 py-1 text-white">Create key</button>
      </form>
      {error && <p role="alert" className="text-red-700">{error}</p>}
      {shown && (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          Copy this key now — it will not be shown again:
          <code data-testid="new-key" className="mt-1 block break-all font-mono">{shown}</code>
        </div>
      )}
      <table className="w-full bg-white text-sm">
        <thead><tr className="border-b text-left"><th className="p-2">Name</th><th>Key</th><th>Scopes</th><th>Created</th><th>Last used</th><th /></tr></thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-b">
              <td className="p-2">{k.name}</td>
              <td className="font-mono">grm_{k.prefix}_…</td>
              <td>{k.scopes.join(", ")}</td>
              <td>{new Date(k.createdAt).toLocaleString()}</td>
              <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
              <td>
                {k.revokedAt ? (
                  <span className="text-slate-400">revoked</span>
                ) : (
                  <button
                    className="rounded border px-2"
                    onClick={async () => {
                      await api(`/api/keys/${k.id}`, { method: "DELETE" });
                      setKeys((ks) => ks.map((x) => (x.id === k.id ? { ...x, revokedAt: new Date().toISOString() } : x)));
                    }}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
