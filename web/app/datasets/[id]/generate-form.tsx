"use client";
/** Builds comparisons: A-vs-B (all pairs, sampled, or the imported preferences) or candidates vs a reference. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

export function GenerateForm({ datasetId, models }: { datasetId: string; models: string[] }) {
  const router = useRouter();
  const [mode, setMode] = useState<"pairwise" | "vs_reference">("pairwise");
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="space-y-2 rounded-lg border bg-white p-4 text-sm"
      data-testid="generate-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const num = (k: string) => (String(f.get(k) ?? "").trim() === "" ? undefined : Number(f.get(k)));
        const chosen = f.getAll("models").map(String);
        const body = {
          mode,
          strategy: mode === "pairwise" ? String(f.get("strategy")) : undefined,
          overlap: num("overlap"),
          perPrompt: num("perPrompt"),
          maxPrompts: num("maxPrompts"),
          attentionChecks: num("attentionChecks") ?? 0,
          models: chosen.length > 0 && chosen.length < models.length ? chosen : undefined,
          referenceModel: mode === "vs_reference" && f.get("referenceModel") ? String(f.get("referenceModel")) : undefined,
        };
        try {
          const r = await api<{ created: number; opened: number; existing: number; gold: number }>(`/api/datasets/${datasetId}/comparisons`, { body });
          setMsg({ ok: true, text: `${r.created} new comparisons${r.opened ? `, ${r.opened} imported preferences opened for labelling` : ""}, ${r.existing} already existed, ${r.gold} gold attention checks` });
          router.refresh();
        } catch (err) {
          setMsg({ ok: false, text: (err as Error).message });
        }
      }}
    >
      <div className="flex flex-wrap items-center gap-4">
        <label>Mode <select value={mode} onChange={(e) => setMode(e.target.value as never)} className="rounded border px-1"><option value="pairwise">A vs B</option><option value="vs_reference">candidate vs reference</option></select></label>
        {mode === "pairwise" ? (
          <label>Pairs <select name="strategy" className="rounded border px-1"><option value="all-pairs">all pairs per prompt</option><option value="sample">sample per prompt</option><option value="imported">imported preferences</option></select></label>
        ) : (
          <label>Reference <select name="referenceModel" className="rounded border px-1"><option value="">prompt's current reference</option>{models.map((m) => <option key={m}>{m}</option>)}</select></label>
        )}
        <label>Labels per comparison (k) <input name="overlap" type="number" min={1} max={20} defaultValue={3} required className="w-16 rounded border px-1" /></label>
        <label>Per prompt <input name="perPrompt" type="number" min={1} placeholder="all" className="w-16 rounded border px-1" /></label>
        <label>Max prompts <input name="maxPrompts" type="number" min={1} placeholder="all" className="w-20 rounded border px-1" /></label>
        <label>Gold attention checks <input name="attentionChecks" type="number" min={0} defaultValue={0} className="w-16 rounded border px-1" /></label>
      </div>
      {models.length > 1 && (
        <fieldset className="flex flex-wrap gap-3">
          <legend className="text-slate-500">Models taking part (none ticked = all)</legend>
          {models.map((m) => <label key={m}><input type="checkbox" name="models" value={m} /> {m}</label>)}
        </fieldset>
      )}
      <button className="rounded bg-slate-900 px-3 py-1 text-white" data-testid="generate-submit">Create comparisons</button>
      {msg && <p role={msg.ok ? "status" : "alert"} className={msg.ok ? "text-emerald-700" : "text-red-700"}>{msg.text}</p>}
    </form>
  );
}
