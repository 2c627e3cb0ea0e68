"use client";
/** The "train new version" form: datasets, split, kind and knobs → POST /api/training-runs → the run page. */
import { useState } from "react";
import { useApiCall } from "@/components/use-api-call";

interface DatasetOption {
  id: string;
  name: string;
  labels: number;
  prompts: number;
}

const field = "mt-0.5 w-full rounded border px-2 py-1";

function Num({ name, label, defaultValue, step, min, max, hint }: { name: string; label: string; defaultValue: number; step?: number; min?: number; max?: number; hint?: string }) {
  return (
    <label className="text-sm">
      {label}
      <input name={name} type="number" defaultValue={defaultValue} step={step ?? 1} min={min} max={max} className={field} />
      {hint && <span className="text-xs text-slate-500">{hint}</span>}
    </label>
  );
}

const NUMBERS = ["heldoutFraction", "epochs", "lr", "batchSize", "contextLength", "dModel", "nLayer", "nHead", "seed", "splitSeed", "patience", "loraR"] as const;

export function TrainForm({ datasets }: { datasets: DatasetOption[] }) {
  const [kind, setKind] = useState<"tiny" | "lora">("tiny");
  const { busy, error, call } = useApiCall();
  return (
    <form
      className="space-y-5 rounded-lg border bg-white p-4"
      data-testid="train-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const body: Record<string, unknown> = { kind: f.get("kind"), datasetIds: f.getAll("datasetIds"), weighting: f.get("weighting") };
        const name = String(f.get("name") ?? "").trim();
        if (name) body.name = name;
        for (const k of NUMBERS) {
          const v = f.get(k);
          if (v !== null && String(v).trim() !== "") body[k] = Number(v);
        }
        if (kind === "lora") {
          body.baseModel = String(f.get("baseModel") ?? "");
          body.serveBaseUrls = String(f.get("serveBaseUrls") ?? "").split(/[\s,]+/).filter(Boolean);
          body.serveModel = String(f.get("serveModel") ?? "").trim();
        }
        await call<{ trainingRun: { id: string } }>("/api/training-runs", { body }, (r) => `/models/runs/${r.trainingRun.id}`);
      }}
    >
      <fieldset>
        <legend className="mb-1 font-medium">Datasets</legend>
        {datasets.length === 0 && <p className="text-sm text-slate-500">No datasets yet.</p>}
        <div className="max-h-56 space-y-1 overflow-auto">
          {datasets.map((d) => (
            <label key={d.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="datasetIds" value={d.id} data-testid={`dataset-${d.name}`} />
              <span>{d.name}</span>
              <span className="text-slate-500">— {d.labels} labels, {d.prompts} prompts</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <label className="text-sm">
          Model kind
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as "tiny" | "lora")} className={field} data-testid="kind">
            <option value="tiny">tiny — byte-level transformer, CPU, ONNX</option>
            <option value="lora">lora — Hugging Face model + LoRA, GPU</option>
          </select>
        </label>
        <label className="text-sm">
          Name (optional)
          <input name="name" maxLength={80} placeholder="e.g. more gold labels" className={field} />
        </label>
        <label className="text-sm">
          Label weights
          <select name="weighting" defaultValue="trust" className={field}>
            <option value="trust">by annotator trust (gold)</option>
            <option value="none">all equal</option>
          </select>
        </label>
        <Num name="heldoutFraction" label="Held-out share of prompts" defaultValue={0.2} step={0.05} min={0.05} max={0.5} hint="evaluation set, split by prompt" />
        <Num name="splitSeed" label="Split seed" defaultValue={1} min={0} hint="same seed = same held-out prompts" />
        <Num name="seed" label="Training seed" defaultValue={1337} min={0} />
        <Num name="epochs" label="Epochs" defaultValue={5} min={1} max={100} hint="early stopping may end sooner" />
        <Num name="patience" label="Early-stopping patience" defaultValue={3} min={0} max={50} />
        <Num name="batchSize" label="Batch size" defaultValue={32} min={1} max={512} />
        <Num key={`lr-${kind}`} name="lr" label="Learning rate" defaultValue={kind === "lora" ? 0.0002 : 0.002} step={0.0001} min={0} />
        <Num key={`ctx-${kind}`} name="contextLength" label={kind === "lora" ? "Max tokens" : "Context (bytes)"} defaultValue={kind === "lora" ? 2048 : 256} min={64} max={4096} />
        {kind === "tiny" ? (
          <>
            <Num name="dModel" label="d_model" defaultValue={128} min={16} max={2048} />
            <Num name="nLayer" label="Layers" defaultValue={2} min={1} max={48} />
            <Num name="nHead" label="Heads" defaultValue={4} min={1} max={64} />
          </>
        ) : (
          <>
            <label className="col-span-2 text-sm">
              Base model folder (on the worker machine)
              <input name="baseModel" placeholder="/models/Qwen2.5-0.5B-Instruct" className={field} />
            </label>
            <Num name="loraR" label="LoRA rank" defaultValue={16} min={1} max={512} />
            <label className="col-span-2 text-sm">
              vLLM server(s) that will serve the adapter (one URL per line; run with --enable-lora)
              <textarea name="serveBaseUrls" rows={2} placeholder="http://gpu-1:8000" className={field} data-testid="serve-base-urls" />
            </label>
            <label className="text-sm">
              Base model name on that server
              <input name="serveModel" placeholder="Qwen/Qwen2.5-0.5B-Instruct" className={field} data-testid="serve-model" />
            </label>
          </>
        )}
      </div>

      {error && <p role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800" data-testid="train-error">{error}</p>}
      <button disabled={busy} className="rounded bg-slate-900 px-4 py-1.5 text-white disabled:opacity-50" data-testid="start-training">
        {busy ? "Starting…" : "Start training"}
      </button>
    </form>
  );
}
