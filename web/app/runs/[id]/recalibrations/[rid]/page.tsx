/** One recalibration: progress, the before/after numbers that decided it, and what it trained on. */
import Link from "next/link";
import { getRecalibration } from "@core/rl/get-recalibration";
import type { ModelEvalNumbers } from "@core/rl/recalibration/outcome";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";

export const dynamic = "force-dynamic";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${(100 * x).toFixed(1)} %`);
const f3 = (x: number | null | undefined) => (x === null || x === undefined ? "–" : x.toFixed(3));

function Row({ label, before, after, testId }: { label: string; before: string; after: string; testId: string }) {
  return (
    <tr className="border-b" data-testid={testId}>
      <td className="p-2">{label}</td>
      <td className="p-2 font-mono">{before}</td>
      <td className="p-2 font-mono">{after}</td>
    </tr>
  );
}

export default async function RecalibrationPage({ params }: { params: Promise<{ id: string; rid: string }> }) {
  const { id, rid } = await params;
  const user = await requirePageUser(`/runs/${id}/recalibrations/${rid}`, "researcher");
  const r = await or404(getRecalibration(user, id, rid), ["NotFound", "Invalid"]);
  const c = r.outcome;
  const active = ["pending", "training", "evaluating"].includes(r.status);
  const b: ModelEvalNumbers | undefined = c.before;
  const a: ModelEvalNumbers | undefined = c.after;
  return (
    <div className="space-y-4">
      {active && <AutoRefresh seconds={3} />}
      <Link href={`/runs/${r.run.id}`} className="text-sm text-slate-500 hover:underline">← {r.run.name}</Link>
      <h1 className="text-2xl font-semibold">
        Recalibration of {r.fromModel.name} <span data-testid="recal-status" className="rounded bg-slate-100 px-2 text-base">{r.status}</span>
      </h1>
      <p className="text-sm text-slate-600">{r.reason}</p>
      {r.alert && (
        <p className="text-sm">
          Triggered by the alert at step <Link className="underline" href={`/runs/${r.run.id}?step=${r.alert.step}#alert-${r.alert.id}`}>{r.alert.step}</Link>: {r.alert.message}
        </p>
      )}
      {c.diagnosis && (
        <section className="rounded-lg border bg-white p-3 text-sm" data-testid="recal-diagnosis" data-pays={String(c.diagnosis.paysForLength)}>
          <h2 className="mb-1 font-medium">Diagnosis on the run’s own rollouts</h2>
          <p>{c.diagnosis.paysForLength === false ? "Not recalibrated: " : ""}{c.diagnosis.message}.</p>
          <p className="mt-1 text-slate-600">
            {c.diagnosis.runPaddings
              ? `Each rollout was judged as written and wrapped in padding its policy was seen to write (${c.diagnosis.runPaddings} distinct paddings found around the answers of several prompts).`
              : "Each rollout was judged as written and with a short closer added (no padding of the policy's own was found in its rollouts)."}
          </p>
          {c.diagnosis.paysForLength === false && (
            <p className="mt-1 text-slate-600">Recalibrating the GenRM would not stop this growth. Continue or stop the run from <Link className="underline" href={`/runs/${r.run.id}`}>its page</Link>.</p>
          )}
        </section>
      )}
      <section className="rounded-lg border bg-white p-3 text-sm">
        <h2 className="mb-1 font-medium">Training</h2>
        {r.trainingRun ? (
          <>
            <div className="h-2 w-full max-w-md rounded bg-slate-200">
              <div className="h-2 rounded bg-slate-800" style={{ width: `${Math.round(r.trainingRun.progress)}%` }} />
            </div>
            <p data-testid="recal-training">{r.trainingRun.status}, {Math.round(r.trainingRun.progress)} % {r.trainingRun.error ? `— ${r.trainingRun.error}` : ""}</p>
          </>
        ) : (
          <p>{active ? "Waiting for a worker…" : "No training run."}</p>
        )}
        {c.data && (
          <p className="mt-1 text-slate-600">
            Data: {c.data.labels} human labels ({c.data.droppedForBalance} dropped to balance length within each verdict) + {c.data.counterfactualPairs} counterfactual pairs (same content, padded → “same”{c.data.runPaddings ? `, padded the way this run's policy pads: ${c.data.runPaddings} distinct paddings seen` : ""}){c.data.paddedLabelCopies ? ` + ${c.data.paddedLabelCopies} labels copied with the candidate padded that way, verdict kept` : ""} = {c.data.rows} training rows; {c.data.heldOutLabels} held-out labels for evaluation.
          </p>
        )}
      </section>
      <section className="rounded-lg border bg-white p-3">
        <h2 className="mb-2 font-medium">Before / after, same held-out labels and length probe</h2>
        <table className="w-full max-w-3xl text-sm" data-testid="recal-comparison">
          <thead>
            <tr className="border-b text-left"><th className="p-2" /><th className="p-2">{b?.name ?? r.fromModel.name}</th><th className="p-2">{a?.name ?? r.toModel?.name ?? "new version"}</th></tr>
          </thead>
          <tbody>
            {(b?.runProbe || a?.runProbe) && (
              <Row
                testId="row-run-probe-corr"
                label={`corr(reward, length), the run's rollouts padded the way its policy pads (${b?.runProbe?.n ?? a?.runProbe?.n ?? 0})`}
                before={f3(b?.runProbe?.corr)}
                after={f3(a?.runProbe?.corr)}
              />
            )}
            {(b?.runProbe || a?.runProbe) && (
              <Row testId="row-run-probe-gap" label="run probe: mean reward gap (padded − as written)" before={f3(b?.runProbe?.meanRewardGap)} after={f3(a?.runProbe?.meanRewardGap)} />
            )}
            <Row testId="row-probe-corr" label="corr(reward, length) on the probe" before={f3(b?.probe.corr)} after={f3(a?.probe.corr)} />
            <Row testId="row-probe-better" label="probe: padded answer judged better" before={pct(b?.probe.longerBetterShare)} after={pct(a?.probe.longerBetterShare)} />
            <Row testId="row-probe-gap" label="probe: mean reward gap (padded − original)" before={f3(b?.probe.meanRewardGap)} after={f3(a?.probe.meanRewardGap)} />
            <Row testId="row-accuracy" label={`held-out accuracy, length-balanced (${a?.heldOutN ?? b?.heldOutN ?? 0} labels)`} before={pct(b?.heldOutAccuracy)} after={pct(a?.heldOutAccuracy)} />
            {(b?.heldOutAccuracyAll != null || a?.heldOutAccuracyAll != null) && (
              <Row testId="row-accuracy-all" label={`held-out accuracy, all labels (${a?.heldOutNAll ?? b?.heldOutNAll ?? 0})`} before={pct(b?.heldOutAccuracyAll)} after={pct(a?.heldOutAccuracyAll)} />
            )}
          </tbody>
        </table>
        {c.decision && (
          <ul className="mt-3 space-y-1 text-sm" data-testid="recal-checks">
            {c.decision.checks.map((ch) => (
              <li key={ch.name} className={ch.passed ? "text-emerald-800" : "text-red-700"}>
                {ch.passed ? "✓" : "✗"} {ch.name}: {ch.detail}
              </li>
            ))}
          </ul>
        )}
        {r.status === "rejected" && c.advice && c.advice.length > 0 && (
          <div className="mt-3 text-sm" data-testid="recal-advice">
            <p className="font-medium">What to try</p>
            <ul className="list-disc pl-5">
              {c.advice.map((line) => <li key={line}>{line}</li>)}
            </ul>
            <p className="mt-1 text-slate-600">The run stays paused on {b?.name ?? r.fromModel.name}: continue, stop or recalibrate again from <Link className="underline" href={`/runs/${r.run.id}`}>its page</Link>.</p>
          </div>
        )}
        {c.error && <p role="alert" className="mt-2 text-sm text-red-700">{c.error}</p>}
      </section>
    </div>
  );
}
