import Link from "next/link";
import { getDataset } from "@core/datasets/get-dataset";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";
import { SettingsForm } from "./settings-form";
import { UploadForm } from "./upload-form";
import { ImportsTable } from "./imports-table";
import { GenerateForm } from "./generate-form";
import { SnapshotsPanel } from "./snapshots-panel";
import { listSnapshots } from "@core/snapshots/snapshots";

export const dynamic = "force-dynamic";

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/datasets/${id}`, "researcher");
  const d = await or404(getDataset(user, id));
  const snapshots = await listSnapshots(user, id);
  const running = d.imports.some((i) => i.status === "queued" || i.status === "running");
  const exp = (q: string) => `/api/datasets/${id}/export?${q}`;
  return (
    <div className="space-y-8">
      {running && <AutoRefresh seconds={2} />}
      <div>
        <p className="text-sm"><Link href="/datasets" className="text-sky-700 underline">Datasets</Link></p>
        <h1 className="text-2xl font-semibold" data-testid="dataset-name">{d.dataset.name}</h1>
        {d.dataset.description && <p className="text-slate-600">{d.dataset.description}</p>}
        <p className="mt-1 text-sm text-slate-600">
          {d.prompts} prompts · {d.models.reduce((s, m) => s + m.answers, 0)} answers · {d.activeLeases} comparisons being labelled now ·{" "}
          <Link href={`/label/${id}`} className="text-sky-700 underline">label</Link> ·{" "}
          <Link href={`/quality/${id}`} className="text-sky-700 underline">quality</Link>
        </p>
      </div>

      <section className="space-y-2">
        <h2 className="font-medium">Import prompts and answers</h2>
        <p className="text-sm text-slate-600">
          JSONL or JSON arrays: TRL <code>{"{prompt, chosen, rejected}"}</code>, HH-RLHF <code>{"{chosen, rejected}"}</code>, AlpacaEval{" "}
          <code>{"[{instruction, output, generator}]"}</code> (one file per model; answers merge by instruction) or ours{" "}
          <code>{"{prompt, responses:[{model, text}], reference?}"}</code>. Re-importing a file adds nothing twice.
        </p>
        <UploadForm datasetId={id} />
        <ImportsTable imports={d.imports.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString(), errors: i.errors as Array<{ line: number; reason: string }> }))} />
      </section>

      <section className="space-y-2">
        <h2 className="font-medium">Answers by model</h2>
        <table className="bg-white text-sm" data-testid="models">
          <thead><tr className="border-b text-left"><th className="p-2">Model</th><th className="px-2">Answers</th><th className="px-2">Mean length (chars)</th></tr></thead>
          <tbody>
            {d.models.map((m) => (
              <tr key={m.model} className="border-b"><td className="p-2">{m.model}</td><td className="px-2">{m.answers}</td><td className="px-2">{m.meanChars}</td></tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="space-y-2">
        <h2 className="font-medium">Comparisons</h2>
        <table className="bg-white text-sm" data-testid="comparisons">
          <thead><tr className="border-b text-left"><th className="p-2">Mode</th><th className="px-2">Gold</th><th className="px-2">Comparisons</th><th className="px-2">Labels</th><th className="px-2">Complete</th><th className="px-2">Labels wanted</th><th className="px-2">From imported preferences</th></tr></thead>
          <tbody>
            {d.comparisons.map((c) => (
              <tr key={`${c.mode}-${c.isGold}`} className="border-b">
                <td className="p-2">{c.mode === "pairwise" ? "A vs B" : "vs reference"}</td><td className="px-2">{c.isGold ? "gold" : ""}</td>
                <td className="px-2">{c.total}</td><td className="px-2">{c.labels}</td><td className="px-2">{c.isGold ? "—" : c.complete}</td><td className="px-2">{c.isGold ? "—" : c.wanted}</td><td className="px-2">{c.imported}</td>
              </tr>
            ))}
            {d.comparisons.length === 0 && <tr><td colSpan={7} className="p-2 text-slate-500">None yet.</td></tr>}
          </tbody>
        </table>
        <GenerateForm datasetId={id} models={d.models.map((m) => m.model)} />
      </section>

      <section className="space-y-2">
        <h2 className="font-medium">Labelling settings</h2>
        <SettingsForm datasetId={id} initial={{ guidelines: d.dataset.guidelines, goldRate: d.dataset.goldRate, leaseSeconds: d.dataset.leaseSeconds }} />
      </section>

      <section className="space-y-1 text-sm">
        <h2 className="font-medium">Export (streamed; the dataset as it is now)</h2>
        <ul className="list-disc pl-5">
          <li><a className="text-sky-700 underline" href={exp("format=hf")}>Hugging Face folder</a> (.tar.gz: Parquet shards, train/test split by prompt, dataset card with label statistics; <code>datasets.load_dataset(folder)</code>)</li>
          <li><a className="text-sky-700 underline" href={exp("format=trl")}>TRL preferences</a> (consensus pairs, ties left out) · <a className="text-sky-700 underline" href={exp("format=trl&ties=keep")}>ties kept</a> · <a className="text-sky-700 underline" href={exp("format=trl&weighting=trust")}>trust-weighted consensus</a></li>
          <li><a className="text-sky-700 underline" href={exp("format=hh")}>HH-RLHF</a> (the same consensus pairs as whole &quot;Human:/Assistant:&quot; dialogues, chosen/rejected)</li>
          <li><a className="text-sky-700 underline" href={exp("format=genrm")}>GenRM training rows</a> (genrm template, both orders per pairwise label) · <a className="text-sky-700 underline" href={exp("format=genrm&weighting=trust")}>weighted by trust</a></li>
          <li><a className="text-sky-700 underline" href={exp("format=labels")}>Raw labels</a> (annotators pseudonymised) · <a className="text-sky-700 underline" href={exp("format=labels&rationale=1")}>with rationales</a></li>
        </ul>
      </section>

      <section className="space-y-2">
        <h2 className="font-medium">Snapshots</h2>
        <p className="text-sm text-slate-600">A snapshot freezes the comparisons and labels the dataset holds now, named by the sha256 of their content: exports from it and training runs citing it never change.</p>
        <SnapshotsPanel datasetId={id} snapshots={snapshots.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() }))} />
      </section>

      <section className="space-y-2">
        <h2 className="font-medium">Flags from annotators</h2>
        {d.flags.length === 0 ? (
          <p className="text-sm text-slate-500">No flags.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="flags">
            {d.flags.map((f) => (
              <li key={f.id} className="rounded border border-amber-200 bg-amber-50 p-2">
                {f.updatedAt.toISOString().slice(0, 16).replace("T", " ")} — comparison <code>{f.comparisonId}</code>: {f.flagReason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
