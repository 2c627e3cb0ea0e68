"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

export interface SnapshotView {
  id: string;
  contentHash: string;
  comparisonCount: number;
  labelCount: number;
  createdAt: string;
  createdBy: string | null;
}

/** Take a snapshot (the same content returns the existing one) and export any snapshot in every format. */
export function SnapshotsPanel({ datasetId, snapshots }: { datasetId: string; snapshots: SnapshotView[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const exp = (snapshotId: string, q: string) => `/api/datasets/${datasetId}/export?snapshot=${encodeURIComponent(snapshotId)}&${q}`;
  const link = "text-sky-700 underline";
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3 text-sm">
        <button
          className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              const r = await api<{ snapshot: { id: string }; created: boolean }>(`/api/datasets/${datasetId}/snapshots`, { method: "POST" });
              setMsg({ ok: true, text: r.created ? `Snapshot ${r.snapshot.id} taken` : `Nothing changed since snapshot ${r.snapshot.id}` });
              router.refresh();
            } catch (err) {
              setMsg({ ok: false, text: (err as Error).message });
            } finally {
              setBusy(false);
            }
          }}
        >
          Take snapshot
        </button>
        {msg && <span role={msg.ok ? "status" : "alert"} className={msg.ok ? "text-emerald-700" : "text-red-700"}>{msg.text}</span>}
      </div>
      <table className="w-full text-sm" data-testid="snapshots">
        <thead><tr className="border-b text-left"><th className="p-2">Snapshot</th><th className="px-2">Content sha256</th><th className="px-2">Comparisons</th><th className="px-2">Labels</th><th className="px-2">Taken</th><th className="px-2">Export</th></tr></thead>
        <tbody>
          {snapshots.map((s) => (
            <tr key={s.id} className="border-b">
              <td className="p-2"><code>{s.id}</code></td>
              <td className="px-2"><code title={s.contentHash}>{s.contentHash.slice(0, 12)}…</code></td>
              <td className="px-2">{s.comparisonCount}</td>
              <td className="px-2">{s.labelCount}</td>
              <td className="px-2">{s.createdAt.slice(0, 16).replace("T", " ")}{s.createdBy ? ` by ${s.createdBy}` : ""}</td>
              <td className="space-x-2 px-2">
                <a className={link} href={exp(s.id, "format=hf")}>Hugging Face</a>
                <a className={link} href={exp(s.id, "format=trl")}>TRL</a>
                <a className={link} href={exp(s.id, "format=hh")}>HH-RLHF</a>
                <a className={link} href={exp(s.id, "format=labels")}>labels</a>
              </td>
            </tr>
          ))}
          {snapshots.length === 0 && <tr><td colSpan={6} className="p-2 text-slate-500">None yet. A training run takes one of each dataset it trains on.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
