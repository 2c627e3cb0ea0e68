import Link from "next/link";
import { getDatasetQuality, qualityInput } from "@core/quality/get-dataset-quality";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { QualityCharts } from "./quality-charts";
import { Disagreements } from "./disagreements";

export const dynamic = "force-dynamic";

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);
const num = (x: number | null) => (x === null ? "—" : x.toFixed(3));

function Stat({ label, value, hint, testId }: { label: string; value: string | number; hint?: string; testId?: string }) {
  return (
    <div className="rounded-lg border bg-white p-3">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="text-xl font-semibold" data-testid={testId}>{value}</div>
      {hint && <div className="text-xs text-slate-500">{hint}</div>}
    </div>
  );
}

export default async function QualityPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<Record<string, string>> }) {
  const { datasetId } = await params;
  const user = await requirePageUser(`/quality/${datasetId}`, "researcher");
  const sp = await searchParams;
  // A hand-edited query string falls back to the defaults rather than failing the page.
  const q = await or404(getDatasetQuality(user, datasetId, qualityInput.safeParse(sp).success ? sp : {}));
  const weighted = q.options.weighting === "trust";
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm"><Link href="/quality" className="text-sky-700 underline">Quality</Link> · <Link href={`/datasets/${datasetId}`} className="text-sky-700 underline">dataset</Link></p>
        <h1 className="text-2xl font-semibold">{q.dataset.name}: label quality</h1>
        <p className="text-sm text-slate-600">
          Consensus {weighted ? "weighted by gold-based trust" : "one annotator, one vote"} ·{" "}
          <Link className="text-sky-700 underline" href={`?weighting=${weighted ? "none" : "trust"}&minShared=${q.options.minShared}`}>{weighted ? "unweighted" : "weight by trust"}</Link>
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <Stat label="Labels" value={q.counts.labels} hint={`${q.counts.goldLabels} on gold`} testId="stat-labels" />
        <Stat label="Annotators" value={q.counts.annotators} />
        <Stat label="Comparisons done" value={`${q.counts.comparisonsComplete} / ${q.counts.comparisons}`} hint={`${q.counts.comparisonsLabelled} with any label`} />
        <Stat label="Krippendorff α" value={num(q.alpha.nominal)} hint={`nominal, A/B/tie · ${q.alpha.units} items`} testId="alpha-nominal" />
        <Stat label="α (ordinal)" value={num(q.alpha.ordinal)} hint="with strength, −2..2" testId="alpha-ordinal" />
        <Stat label="No majority" value={q.consensus.noMajority} hint="to adjudicate" />
      </div>

      <QualityCharts annotators={q.annotators} consensus={q.consensus} time={q.time} />

      <section>
        <h2 className="mb-2 font-medium">Annotators</h2>
        <div className="overflow-x-auto">
          <table className="w-full bg-white text-sm" data-testid="annotators">
            <thead>
              <tr className="border-b text-left">
                <th className="p-2">Annotator</th><th>Labels</th><th>Gold accuracy</th><th>Trust</th><th>Agreement with others</th><th>Mean κ</th><th>Picks left side</th><th>Picks longer answer</th><th>Ties</th><th>Median time</th>
              </tr>
            </thead>
            <tbody>
              {q.annotators.map((a) => (
                <tr key={a.annotatorId} className="border-b">
                  <td className="p-2">{a.name} <span className="text-xs text-slate-500">{a.email}</span></td>
                  <td>{a.labels}</td>
                  <td>{pct(a.goldAccuracy)} <span className="text-xs text-slate-500">({a.goldAnswered})</span></td>
                  <td>{a.trust.toFixed(2)}</td>
                  <td>{pct(a.agreement)} <span className="text-xs text-slate-500">({a.agreementN})</span></td>
                  <td>{num(a.meanKappa)}</td>
                  <td className={a.leftRate !== null && a.leftN >= 20 && Math.abs(a.leftRate - 0.5) > 0.15 ? "text-red-700" : ""}>{pct(a.leftRate)} <span className="text-xs text-slate-500">({a.leftN})</span></td>
                  <td className={a.longerRate !== null && a.longerN >= 20 && a.longerRate > 0.7 ? "text-red-700" : ""}>{pct(a.longerRate)} <span className="text-xs text-slate-500">({a.longerN})</span></td>
                  <td>{pct(a.tieRate)}</td>
                  <td>{a.medianSeconds === null ? "—" : `${a.medianSeconds} s`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-1 text-xs text-slate-500">Trust = gold accuracy smoothed with a Beta(1,1) prior. Left-side and longer-answer rates near 50% mean no bias; red marks a clear lean over at least 20 labels.</p>
      </section>

      <section>
        <h2 className="mb-2 font-medium">Pairwise agreement (Cohen&apos;s κ, pairs with ≥ {q.options.minShared} shared comparisons)</h2>
        {q.kappas.length === 0 ? (
          <p className="text-sm text-slate-500">No annotator pair shares enough comparisons yet.</p>
        ) : (
          <table className="bg-white text-sm" data-testid="kappas">
            <thead><tr className="border-b text-left"><th className="p-2">Annotators</th><th className="px-2">κ</th><th className="px-2">Shared</th><th className="px-2">Raw agreement</th></tr></thead>
            <tbody>
              {q.kappas.map((k) => (
                <tr key={`${k.a}-${k.b}`} className="border-b"><td className="p-2">{k.aName} · {k.bName}</td><td className="px-2" data-testid="kappa">{num(k.kappa)}</td><td className="px-2">{k.n}</td><td className="px-2">{pct(k.observed)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <Disagreements datasetId={datasetId} items={q.disagreements} />
    </div>
  );
}
