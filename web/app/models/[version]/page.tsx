import Link from "next/link";
import { getModel } from "@core/models/get-model";
import { servedJudgeHealth } from "@core/models/served-judge-health";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";
import { EvaluationView } from "../evaluation-view";
import { ModelActions } from "../model-actions";
import { Section, StatusBadge, num, pct, when } from "../ui";
import { ServingSection } from "./serving-section";

export const dynamic = "force-dynamic";

export default async function ModelPage({ params }: { params: Promise<{ version: string }> }) {
  const { version } = await params;
  const user = await requirePageUser(`/models/${version}`, "researcher");
  const d = await or404(getModel(user, version), ["NotFound", "Invalid"]);
  const { model, lineage, evaluations } = d;
  const pending = evaluations.find((e) => e.status === "queued" || e.status === "running");
  const lastFailed = evaluations[0]?.status === "failed" ? evaluations[0] : null;
  const tm = model.trainMetrics ?? {};
  const health = d.serving ? await servedJudgeHealth(user, String(model.version)) : null;
  return (
    <div className="space-y-8">
      {pending && <AutoRefresh seconds={2} />}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">GenRM v{model.version}</h1>
        <span className="text-slate-600">{model.name}</span>
        <StatusBadge status={model.status} />
        <ModelActions version={model.version} status={model.status} evaluate />
        <Link href="/models" className="ml-auto text-sm text-blue-700">All versions</Link>
      </div>

      {pending && <p className="rounded border border-blue-200 bg-blue-50 p-2 text-sm" data-testid="evaluation-pending">Evaluating on held-out labels ({pending.status})…</p>}
      {lastFailed && <p role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800">The last evaluation failed: {lastFailed.error}</p>}
      {model.evalMetrics ? <EvaluationView m={model.evalMetrics} version={model.version} /> : !pending && <p className="text-sm text-slate-600">Not evaluated yet.</p>}

      {d.serving && <ServingSection serving={d.serving} health={health} />}

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Lineage" question="Which labels, which run and which parent made this version?" testId="lineage">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1 rounded-lg border bg-white p-3 text-sm">
            <dt className="text-slate-500">Template</dt><dd>{model.templateVersion}</dd>
            <dt className="text-slate-500">Backend</dt><dd>{model.kind} · {model.backend}</dd>
            <dt className="text-slate-500">Parent</dt>
            <dd>
              {d.parent ? (
                <>
                  <Link className="text-blue-700" href={`/models/${d.parent.version}`}>v{d.parent.version}</Link>{" "}
                  (<Link className="text-blue-700" href={`/models/compare?a=${d.parent.version}&b=${model.version}`} data-testid="compare-parent">compare</Link>)
                </>
              ) : (
                "—"
              )}
            </dd>
            <dt className="text-slate-500">Children</dt><dd>{d.children.length ? d.children.map((c) => <Link key={c.id} className="mr-2 text-blue-700" href={`/models/${c.version}`}>v{c.version}</Link>) : "—"}</dd>
            {lineage ? (
              <>
                <dt className="text-slate-500">Training run</dt><dd><Link className="text-blue-700" href={`/models/runs/${lineage.trainingRunId}`}>{lineage.purpose} run</Link> by {lineage.createdBy ?? "the system"}</dd>
                <dt className="text-slate-500">Datasets</dt><dd>{lineage.datasets.map((x) => x.name).join(", ") || "—"}</dd>
                <dt className="text-slate-500">Snapshots</dt>
                <dd data-testid="lineage-snapshots">
                  {lineage.snapshots.length
                    ? lineage.snapshots.map((s) => (
                        <span key={s.id} className="mr-3">
                          <Link className="text-blue-700" href={`/datasets/${s.datasetId}`}><code>{s.id}</code></Link> <span className="text-slate-500">sha256 <code title={s.contentHash}>{s.contentHash.slice(0, 12)}…</code>, {s.labelCount} labels</span>
                        </span>
                      ))
                    : "—"}
                </dd>
                <dt className="text-slate-500">Labels</dt><dd data-testid="lineage-labels">{lineage.labelCount} ({lineage.trainLabels} trained on, {lineage.heldOutLabels} held out)</dd>
                <dt className="text-slate-500">Split</dt><dd>held out {pct(Number(lineage.params.heldoutFraction ?? 0), 0)} of prompts, split seed {String(lineage.params.splitSeed ?? "—")}</dd>
              </>
            ) : (
              <><dt className="text-slate-500">Training run</dt><dd>not trained here</dd></>
            )}
            <dt className="text-slate-500">Artifacts</dt><dd className="break-all font-mono text-xs">{model.artifactUri ?? "—"}</dd>
            <dt className="text-slate-500">Created</dt><dd>{when(model.createdAt)}</dd>
          </dl>
        </Section>
        <Section title="Training" question="How did training go? (validation = prompts split off the training set, for early stopping)">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1 rounded-lg border bg-white p-3 text-sm">
            <dt className="text-slate-500">Steps / epochs</dt><dd>{String(tm.steps ?? "—")} / {String(tm.epochs ?? "—")}{tm.stopped_early ? " (stopped early)" : ""}</dd>
            <dt className="text-slate-500">Validation accuracy</dt><dd>{pct(tm.val_accuracy as number)}</dd>
            <dt className="text-slate-500">Validation loss</dt><dd>{num(tm.val_loss as number)}</dd>
            <dt className="text-slate-500">Parameters</dt><dd>{typeof tm.params === "number" ? tm.params.toLocaleString("en") : "—"}</dd>
            <dt className="text-slate-500">Speed</dt><dd>{typeof tm.ex_per_s === "number" ? `${tm.ex_per_s.toFixed(0)} examples/s` : "—"}</dd>
            <dt className="text-slate-500">Weights moved</dt><dd>{typeof tm.weight_change === "number" ? `${(100 * tm.weight_change).toFixed(1)} % (relative L2)` : "—"}</dd>
          </dl>
        </Section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Evaluations">
          <ul className="space-y-1 text-sm">
            {evaluations.length === 0 && <li className="text-slate-500">None.</li>}
            {evaluations.map((e) => (
              <li key={e.id}><StatusBadge status={e.status} /> {when(e.createdAt)} {e.accuracy !== null && `— accuracy ${pct(e.accuracy)}`} {e.error && <span className="text-red-700">{e.error}</span>}</li>
            ))}
          </ul>
        </Section>
        <Section title="Activation history" question="Who made which version active, and when?">
          <ul className="space-y-1 text-sm" data-testid="activations">
            {d.activations.length === 0 && <li className="text-slate-500">Never active.</li>}
            {d.activations.map((a) => (
              <li key={a.id}>
                {when(a.createdAt)}: <b>{a.action}</b> → v{a.version}{a.previousVersion ? ` (v${a.previousVersion} retired)` : ""} by {a.actor ?? "the system"}{a.reason ? ` — ${a.reason}` : ""}
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </div>
  );
}
