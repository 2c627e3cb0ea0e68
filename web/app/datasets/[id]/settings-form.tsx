"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

export function SettingsForm({ datasetId, initial }: { datasetId: string; initial: { guidelines: string; goldRate: number; leaseSeconds: number } }) {
  const router = useRouter();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="space-y-2 rounded-lg border bg-white p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        try {
          await api(`/api/datasets/${datasetId}`, {
            method: "PATCH",
            body: { guidelines: String(f.get("guidelines") ?? ""), goldRate: Number(f.get("goldRate")), leaseSeconds: Number(f.get("leaseSeconds")) },
          });
          setMsg({ ok: true, text: "Saved" });
          router.refresh();
        } catch (err) {
          setMsg({ ok: false, text: (err as Error).message });
        }
      }}
    >
      <label className="block text-sm">
        Guidelines shown to annotators (markdown)
        <textarea name="guidelines" defaultValue={initial.guidelines} rows={5} className="mt-1 block w-full rounded border px-2 py-1 font-mono text-xs" />
      </label>
      <div className="flex flex-wrap gap-4 text-sm">
        <label>Gold rate (share of tasks) <input name="goldRate" type="number" min={0} max={1} step={0.01} defaultValue={initial.goldRate} className="w-20 rounded border px-1" /></label>
        <label>Lease (seconds before unfinished work returns to the pool) <input name="leaseSeconds" type="number" min={1} max={86400} defaultValue={initial.leaseSeconds} className="w-24 rounded border px-1" /></label>
        <button className="rounded bg-slate-900 px-3 py-1 text-white">Save</button>
        {msg && <span role={msg.ok ? "status" : "alert"} className={msg.ok ? "text-emerald-700" : "text-red-700"}>{msg.text}</span>}
      </div>
    </form>
  );
}
