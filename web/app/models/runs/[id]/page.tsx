import Link from "next/link";
import { getTrainingRun } from "@core/models/get-training-run";
import { progressFraction } from "@core/models/progress-data";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";
import { LossCurve } from "../../charts";
import { ProgressBar, Section, Stat, StatusBadge, num, pct, when } from "../../ui";

export const dynamic = "force-dynamic";

const PHASE: Record<string, string> = {
  queued: "waiting for a worker",
  exporting: "exporting labels",
  training: "training",
  registering: "registering the version",
  done: "done",
  failed: "failed",
};

// The run's status is written with its version in one transaction; the phase in progressData follows a
// moment later, so a finished run reads "done" from its status (the page stops refreshing once it ends).
function runPhase(status: string, phase: string | undefined): string {
  if (status === "failed" || status === "succeeded") return PHASE[status === "failed" ? "failed" : "done"]!;
  return PHASE[phase ?? "queued"] ?? phase ?? "";
}

export default async function TrainingRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/models/runs/${id}`, "researcher");
  const r = await or404(getTrainingRun(user, id));
  const pd = r.progressData;
  const live = r.status === "queued" || r.status === "running";
  const fraction = r.status === "succeeded" ? 1 : progressFraction(pd);
  const ex = pd.export;
  return (
    <div className="space-y-6">
      {live && <AutoRefresh seconds={2} />}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Training run</h1>
        <span className="text-slate-600">{r.kind} · {r.purpose}</span>
        <StatusBadge status={r.status} />
        <Link href="/models" className="ml-auto text-sm text-blue-700">All versions</Link>
      </div>

      <section className="space-y-2 rounded-lg border bg-white p-4" data-testid="run-progress">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <span data-testid="run-phase">{runPhase(r.status, pd.phase)}</span>
          <span className="tabular-nums" data-testid="run-step">
            {pd.totalSteps ? `epoch ${pd.epoch ?? "?"} · step ${pd.step ?? 0} / ${pd.totalSteps}` : ""}
            {pd.exPerS ? ` · ${pd.exPerS.toFixed(0)} examples/s` : ""}
          </span>
        </div>
        <ProgressBar fraction={fraction} label="training progress" />
        {r.error && <p role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800" data-testid="run-error">{r.error}</p>}
        {r.model && (
          <p className="text-sm" data-testid="run-model">
            Registered <Link href={`/models/${r.model.version}`} className="font-medium text-blue-700">GenRM v{r.model.version}</Link> ({r.model.status}).
          </p>
        )}
      </section>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Training loss" value={num(pd.loss)} hint="recent steps; chance = ln 3 ≈ 1.099" />
        <Stat label="Validation loss" value={num(pd.valLoss)} />
        <Stat label="Validation accuracy" value={pct(pd.valAccuracy)} hint="early-stopping split" testId="run-val-accuracy" />
        <Stat label="Labels" value={r.labelCount || "—"} hint={ex ? `${ex.trainLabels} train / ${ex.heldoutLabels} held out` : undefined} />
      </div>

      <Section title="Loss curve" question="Is it still learning, and does validation follow training (or is it memorising)?">
        <LossCurve points={pd.points ?? []} />
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Data">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1 rounded-lg border bg-white p-3 text-sm">
            <dt className="text-slate-500">Datasets</dt><dd>{r.datasets.map((d) => d.name).join(", ") || "—"}</dd>
            {ex && (
              <>
                <dt className="text-slate-500">Training rows</dt><dd>{ex.trainRows} (better {ex.rowClasses.better}, same {ex.rowClasses.same}, worse {ex.rowClasses.worse})</dd>
                <dt className="text-slate-500">Held out</dt><dd>{ex.heldoutLabels} labels on {ex.heldoutPrompts} prompts</dd>
                <dt className="text-slate-500">Excluded</dt><dd>{ex.excludedLabels} labels (contradicting gold, or unusable)</dd>
              </>
            )}
            <dt className="text-slate-500">Parent</dt><dd>{r.parentVersion ? `v${r.parentVersion}` : "—"}</dd>
            <dt className="text-slate-500">Started by</dt><dd>{r.createdBy ?? "the system"} · {when(r.createdAt)}</dd>
            <dt className="text-slate-500">Finished</dt><dd>{when(r.finishedAt)}</dd>
          </dl>
        </Section>
        <Section title="Settings">
          <pre className="max-h-64 overflow-auto rounded-lg border bg-white p-3 text-xs">{JSON.stringify(r.params, null, 2)}</pre>
        </Section>
      </div>

      <Section title="Log" question="The trainer's own messages (newest last).">
        <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded-lg border bg-slate-900 p-3 text-xs text-slate-100" data-testid="run-logs">{r.logs.slice(-20_000) || "(empty)"}</pre>
      </Section>
    </div>
  );
}
