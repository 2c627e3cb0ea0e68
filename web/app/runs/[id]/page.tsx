/** Per-run length-bias dashboard: charts, alerts, control and the recalibration timeline. */
import Link from "next/link";
import { getRunDashboard } from "@core/rl/get-run-dashboard";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";
import { CorrelationChart } from "./charts/correlation-chart";
import { HumanGenrmChart } from "./charts/human-genrm-chart";
import { RepetitionChart } from "./charts/repetition-chart";
import { HumanCheckSettings } from "./human-check-settings";
import { LengthRewardChart } from "./charts/length-reward-chart";
import { ProbeLcChart } from "./charts/probe-lc-chart";
import { RewardLengthScatter } from "./charts/scatter-chart";
import { detectorLabel, fmt } from "./charts/series";
import { RunControls } from "./run-controls";
import { Timeline } from "./timeline";

export const dynamic = "force-dynamic";

function Panel({ title, testId, children, question }: { title: string; testId: string; question: string; children: React.ReactNode }) {
  return (
    <section id={testId.replace(/^chart-/, "")} className="rounded-lg border bg-white p-3" data-testid={testId}>
      <h2 className="font-medium">{title}</h2>
      <p className="mb-2 text-xs text-slate-500">{question}</p>
      {children}
    </section>
  );
}

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ step?: string }> }) {
  const { id } = await params;
  const { step } = await searchParams;
  const user = await requirePageUser(`/runs/${id}`, "researcher");
  const wanted = step !== undefined && /^\d{1,9}$/.test(step) ? Number(step) : undefined;
  const d = await or404(getRunDashboard(user, id, { step: wanted }), ["NotFound", "Invalid"]);
  const marks = d.alerts.map((a) => ({ id: a.id, step: a.step, detector: a.detector, value: a.value, threshold: a.threshold }));
  const recalibrating = d.timeline.some((e) => e.kind === "recalibration" && ["pending", "training", "evaluating"].includes(e.status));
  const openAlert = [...d.alerts].reverse().find((a) => a.status === "open") ?? null;
  const last = d.steps.at(-1);
  return (
    <div className="space-y-4">
      <AutoRefresh seconds={recalibrating ? 3 : 15} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <Link href="/runs" className="text-sm text-slate-500 hover:underline">← RL runs</Link>
          <h1 className="text-2xl font-semibold">{d.run.name}</h1>
          <p className="text-sm text-slate-600">
            policy {d.run.policy || "–"} · owner {d.run.owner} · {d.steps.length} steps{last ? ` (last ${last.step})` : ""} · judged by{" "}
            <b data-testid="run-model">{d.control.model ?? "no version"}</b>
          </p>
        </div>
        <div
          data-testid="control-state"
          data-action={d.control.action}
          className={`rounded px-3 py-1 text-sm font-medium ${d.control.action === "pause" ? "bg-amber-100 text-amber-900" : "bg-emerald-100 text-emerald-900"}`}
          title={d.control.reason}
        >
          control: {d.control.action}
          {d.control.reason && <span className="block max-w-md truncate text-xs font-normal">{d.control.reason}</span>}
        </div>
      </div>
      {d.canControl && (
        <RunControls runId={d.run.id} action={d.control.action} autoPause={d.run.autoPause} autoRecalibrate={d.run.autoRecalibrate} recalibrating={recalibrating} alertId={openAlert?.id ?? null} />
      )}
      {d.canControl && (
        <HumanCheckSettings runId={d.run.id} rate={d.run.humanSampleRate} datasetId={d.run.humanDatasetId} queued={d.humanChecks.queued} labels={d.humanChecks.labels} />
      )}
      {d.steps.length === 0 ? (
        <p className="rounded border bg-white p-4 text-slate-600">
          No steps reported yet. A trainer posts them to <code>POST /api/v1/runs/{d.run.id}/steps</code> (see the README, “RL run monitoring”).
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <Panel title="Length, reward and accuracy over steps" testId="chart-length-reward" question="Is length rising while accuracy stays flat? Red lines: alerts; violet: GenRM version changes.">
            <LengthRewardChart steps={d.steps} alerts={marks} />
          </Panel>
          <Panel title="corr(reward, length) within each step" testId="chart-correlation" question="Does a longer answer get a higher reward, even among equally correct ones (partial)? Red dots: alerts.">
            <CorrelationChart steps={d.steps} alerts={marks} statistic={d.config.coupling.statistic} threshold={d.config.coupling.threshold} />
          </Panel>
          <Panel title={`Reward vs length at step ${d.scatter.step ?? "–"}`} testId="chart-scatter" question="One dot per reported rollout. A rising cloud = reward bought with length.">
            {d.scatter.missing !== null && <p className="text-xs text-amber-700">Step {d.scatter.missing} was not reported; showing step {d.scatter.step}.</p>}
            <RewardLengthScatter step={d.scatter.step} points={d.scatter.points} steps={d.steps.map((s) => s.step)} alertSteps={[...new Set(d.alerts.map((a) => a.step))]} />
          </Panel>
          <Panel title="Length probe and length-controlled win rate" testId="chart-probe-lc" question="Is the GenRM in use biased (probe), and does the policy still beat the references at equal length (LC)?">
            <ProbeLcChart steps={d.steps} alerts={marks} />
          </Panel>
          <Panel title="GenRM vs humans on the same rollouts" testId="chart-human-genrm" question="When the GenRM says the policy got better, do blind human labels (or the gold judge) agree? A widening gap is reward hacking.">
            {d.humanChecks.labels === 0 && (
              <p className="text-xs text-slate-500" data-testid="human-checks-empty">
                No human labels on this run&apos;s rollouts yet{d.run.humanSampleRate > 0 ? "" : ": set a human-check sampling rate above"}.
              </p>
            )}
            <HumanGenrmChart steps={d.steps} alerts={marks} />
          </Panel>
          <Panel title="Repetition beside length" testId="chart-repetition" question="Are answers getting longer by looping? Share of sampled rollouts that repeat themselves, per step.">
            <RepetitionChart steps={d.steps} alerts={marks} />
          </Panel>
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="rounded-lg border bg-white p-3">
          <h2 className="mb-2 font-medium">Alerts ({d.alerts.length})</h2>
          {d.alerts.length === 0 && <p className="text-sm text-slate-500">No detector has fired.</p>}
          <ul className="space-y-2 text-sm" data-testid="alerts">
            {d.alerts.map((a) => (
              <li key={a.id} id={`alert-${a.id}`} className="rounded border border-red-200 bg-red-50 p-2" data-testid="alert">
                <div className="flex justify-between gap-2">
                  <b>
                    {detectorLabel(a.detector)} at step <Link className="underline" href={`/runs/${d.run.id}?step=${a.step}#scatter`}>{a.step}</Link>
                  </b>
                  <span className="text-xs">{a.statistic} = {fmt(a.value)} &gt; {fmt(a.threshold)} · {a.status}</span>
                </div>
                <p>{a.message}</p>
                <p className="text-xs text-slate-600">evidence steps: {a.evidenceSteps.join(", ")}</p>
              </li>
            ))}
          </ul>
        </section>
        <section className="rounded-lg border bg-white p-3">
          <h2 className="mb-2 font-medium">Timeline</h2>
          <Timeline events={d.timeline} runId={d.run.id} />
        </section>
      </div>
    </div>
  );
}
