import Link from "next/link";
import { listModels } from "@core/models/list-models";
import { requirePageUser } from "@/lib/actor";
import { AutoRefresh } from "@/components/auto-refresh";
import { ModelActions, RollbackButton } from "./model-actions";
import { ServedJudgeForm } from "./served-judge-form";
import { ProgressBar, StatusBadge, pct, when } from "./ui";

export const dynamic = "force-dynamic";

export default async function ModelsPage() {
  const user = await requirePageUser("/models", "researcher");
  const { models, runs, active, canRollback, rollbackTo } = await listModels(user);
  const unfinished = runs.filter((r) => r.status === "queued" || r.status === "running");
  return (
    <div className="space-y-8">
      {unfinished.length > 0 && <AutoRefresh seconds={3} />}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">GenRM versions</h1>
          <p className="text-sm text-slate-600">The active version is what the judge API serves. Numbers are on held-out human labels (prompts never trained on).</p>
        </div>
        <Link href="/models/train" className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white" data-testid="train-new">Train a new version</Link>
      </div>

      <section className="flex flex-wrap items-center gap-4 rounded-lg border bg-white p-4" data-testid="active-model">
        {active ? (
          <>
            <div>
              <div className="text-xs uppercase text-slate-500">Serving now</div>
              <Link href={`/models/${active.version}`} className="text-lg font-semibold" data-testid="active-version">v{active.version}</Link> <span className="text-slate-600">{active.name}</span>
            </div>
            <div className="text-sm text-slate-600">held-out accuracy {pct(active.accuracy)} · padded answer judged better {pct(active.longerBetterShare, 0)}</div>
            <RollbackButton activeVersion={active.version} enabled={canRollback} />{rollbackTo && <span className="text-xs text-slate-500">roll back returns to v{rollbackTo}</span>}
          </>
        ) : (
          <p className="text-amber-800">No version is active: the judge API answers 503 until you promote one.</p>
        )}
      </section>

      <details className="rounded-lg border bg-slate-50 p-3" data-testid="add-served-judge">
        <summary className="cursor-pointer font-medium">Add a served judge</summary>
        <div className="mt-3">
          <ServedJudgeForm />
        </div>
      </details>

      <section className="space-y-2">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <h2 className="font-medium">Versions</h2>
          {models.length >= 2 && (
            <form action="/models/compare" className="flex items-center gap-2 text-sm" data-testid="compare-form">
              Compare
              <select name="a" defaultValue={models[1]!.version} className="rounded border px-1">{models.map((m) => <option key={m.id} value={m.version}>v{m.version}</option>)}</select>
              with
              <select name="b" defaultValue={models[0]!.version} className="rounded border px-1">{models.map((m) => <option key={m.id} value={m.version}>v{m.version}</option>)}</select>
              <button className="rounded border px-2">Compare</button>
            </form>
          )}
        </div>
        {models.length === 0 ? (
          <p className="text-sm text-slate-600">No versions yet. Train one from labelled datasets, or add a judge you already serve.</p>
        ) : (
          <table className="w-full bg-white text-sm" data-testid="models-table">
            <thead>
              <tr className="border-b text-left">
                <th className="p-2">Version</th><th>Status</th><th>Kind</th><th title="held-out accuracy (both orders)">Accuracy</th><th title="expected calibration error">ECE</th>
                <th title="share of held-out items whose two orders agree">Swap consistency</th><th title="length probe: padded answer judged better">Padded better</th><th>Labels</th><th>Parent</th><th>Created</th><th />
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} className="border-b" data-testid={`model-row-v${m.version}`}>
                  <td className="p-2"><Link href={`/models/${m.version}`} className="font-medium text-blue-700">v{m.version}</Link> <span className="text-slate-500">{m.name}</span></td>
                  <td><StatusBadge status={m.status} /></td>
                  <td>{m.kind} · {m.backend}</td>
                  <td className="tabular-nums">{pct(m.accuracy)}</td>
                  <td className="tabular-nums">{m.ece === null ? "—" : m.ece.toFixed(3)}</td>
                  <td className="tabular-nums">{pct(m.swapConsistency, 0)}</td>
                  <td className="tabular-nums">{pct(m.longerBetterShare, 0)}</td>
                  <td className="tabular-nums">{m.labelCount ?? "—"}</td>
                  <td>{m.parentVersion ? `v${m.parentVersion}` : "—"}</td>
                  <td className="text-slate-500">{when(m.createdAt)}</td>
                  <td><ModelActions version={m.version} status={m.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="space-y-2">
        <h2 className="font-medium">Training runs</h2>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-600">None yet.</p>
        ) : (
          <table className="w-full bg-white text-sm" data-testid="runs-table">
            <thead><tr className="border-b text-left"><th className="p-2">Run</th><th>Status</th><th className="w-48">Progress</th><th>Result</th><th>Started</th></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="border-b">
                  <td className="p-2"><Link href={`/models/runs/${r.id}`} className="text-blue-700">{r.kind} · {r.purpose}</Link></td>
                  <td><StatusBadge status={r.status} /></td>
                  <td className="pr-4"><ProgressBar fraction={r.progress} label={`run ${r.id}`} /></td>
                  <td className="max-w-md truncate" title={r.error ?? undefined}>
                    {r.modelVersion ? <Link href={`/models/${r.modelVersion}`} className="text-blue-700">v{r.modelVersion}</Link> : r.error ? <span className="text-red-700">{r.error}</span> : "—"}
                  </td>
                  <td className="text-slate-500">{when(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
