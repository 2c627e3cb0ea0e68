"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

interface Props {
  datasets: { id: string; name: string; prompts: number }[];
  models: { id: string; version: number; name: string; status: string }[];
}

/** Starts a tournament run; every knob maps onto core/tournaments/tournament-config.ts. */
export function StartRunForm({ datasets, models }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [contender, setContender] = useState("default");
  const active = models.find((m) => m.status === "active");
  if (datasets.length === 0) return <p className="text-sm text-slate-500">Import a dataset with several models&apos; answers per prompt first.</p>;
  return (
    <form
      data-testid="start-tournament"
      className="grid gap-3 rounded-lg border bg-white p-4 text-sm md:grid-cols-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const f = new FormData(e.currentTarget);
        const num = (k: string) => (String(f.get(k) ?? "").trim() === "" ? undefined : Number(f.get(k)));
        const config: Record<string, unknown> = { replaceOverrides: f.get("replaceOverrides") === "on", undecided: f.get("undecided") };
        if (f.get("gameMode")) config.gameMode = f.get("gameMode");
        if (num("minConfidence") !== undefined) config.minConfidence = num("minConfidence");
        if (num("rounds") !== undefined) config.rounds = num("rounds");
        config.contender =
          contender === "round-robin"
            ? { kind: contender, top: num("top") }
            : contender === "playoff"
              ? { kind: contender, top: num("top"), bestOf: num("bestOf") }
              : contender === "until-clear"
                ? { kind: contender, maxGames: num("maxGames"), stopRisk: num("stopRisk") }
                : { kind: contender };
        const body: Record<string, unknown> = { datasetId: f.get("datasetId"), seed: num("seed") ?? 1, config };
        if (f.get("modelId")) body.modelId = f.get("modelId");
        if (num("maxPrompts") !== undefined) body.maxPrompts = num("maxPrompts");
        setBusy(true);
        try {
          const { run } = await api<{ run: { id: string } }>("/api/tournaments", { body });
          router.push(`/tournaments/${run.id}`);
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      <label className="flex flex-col gap-1">Dataset
        <select name="datasetId" className="rounded border px-2 py-1" required>
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.prompts} prompts)</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">GenRM version
        <select name="modelId" className="rounded border px-2 py-1" defaultValue="">
          <option value="">{active ? `active (v${active.version})` : "active (none yet!)"}</option>
          {models.map((m) => <option key={m.id} value={m.id}>v{m.version} {m.name} — {m.status}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">Prompts (max)
        <input name="maxPrompts" type="number" min={1} placeholder="all" className="rounded border px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">Seed
        <input name="seed" type="number" min={0} defaultValue={1} className="rounded border px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">Swiss rounds
        <input name="rounds" type="number" min={0} max={63} placeholder={contender === "default" ? "1" : "⌈log2 N⌉"} className="rounded border px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">Contender stage
        <select name="contender" value={contender} onChange={(e) => setContender(e.target.value)} className="rounded border px-2 py-1">
          <option value="default">default: duels until the leader is clear</option>
          <option value="playoff">top-k best-of-m playoff</option>
          <option value="round-robin">top-k round robin</option>
          <option value="until-clear">duels until the leader is clear</option>
          <option value="none">none (Swiss + Bradley-Terry)</option>
        </select>
      </label>
      {(contender === "playoff" || contender === "round-robin") && (
        <label className="flex flex-col gap-1">Top k
          <input name="top" type="number" min={2} max={16} defaultValue={4} className="rounded border px-2 py-1" />
        </label>
      )}
      {contender === "playoff" && (
        <label className="flex flex-col gap-1">Best of m (odd)
          <input name="bestOf" type="number" min={1} max={7} step={2} defaultValue={3} className="rounded border px-2 py-1" />
        </label>
      )}
      {contender === "until-clear" && (
        <>
          <label className="flex flex-col gap-1">At most (games)
            <input name="maxGames" type="number" min={1} max={2016} defaultValue={16} className="rounded border px-2 py-1" />
          </label>
          <label className="flex flex-col gap-1" title="Stop when the expected number of answers better than the leader is below this">
            Stop at risk below
            <input name="stopRisk" type="number" min={0.05} max={5} step={0.05} defaultValue={0.8} className="rounded border px-2 py-1" />
          </label>
        </>
      )}
      <label className="flex flex-col gap-1">Game
        <select name="gameMode" className="rounded border px-2 py-1" defaultValue="">
          <option value="">{contender === "default" ? "one order, both for close pairs" : "both orders (2 judgements, debiased)"}</option>
          <option value="both-orders">both orders (2 judgements, debiased)</option>
          <option value="one-order">one order (sides balanced)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1" title="Below this P(winner is the best), or when every judgement is a draw, a prompt is undecided">
        Undecided below P(best)
        <input name="minConfidence" type="number" min={0} max={1} step={0.05} defaultValue={0.3} className="rounded border px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">Undecided prompts
        <select name="undecided" className="rounded border px-2 py-1" defaultValue="low-confidence" data-testid="undecided-policy">
          <option value="low-confidence">take the best-supported answer, marked low confidence</option>
          <option value="wait-for-human">wait for a human to choose</option>
        </select>
      </label>
      <label className="flex items-center gap-2 md:col-span-2">
        <input name="replaceOverrides" type="checkbox" /> Replace human overrides with the new winners
      </label>
      <div className="flex items-end md:col-span-4">
        <button disabled={busy} className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50">{busy ? "Starting…" : "Run tournaments"}</button>
        {error && <p role="alert" className="ml-3 text-red-700" data-testid="start-error">{error}</p>}
      </div>
    </form>
  );
}
