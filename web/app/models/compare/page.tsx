import Link from "next/link";
import { compareModels } from "@core/models/compare-models";
import type { EvalMetrics } from "@core/models/evaluation/run-evaluation";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { ConfusionMatrix } from "../confusion-matrix";
import { LengthProbeChart, ReliabilityChart } from "../charts";
import { Section, StatusBadge, num, pct } from "../ui";

export const dynamic = "force-dynamic";

type Row = { label: string; get: (m: EvalMetrics) => number; fmt: (x: number) => string; better: "higher" | "lower" };
const ROWS: Row[] = [
  { label: "Held-out accuracy", get: (m) => m.accuracy, fmt: (x) => pct(x), better: "higher" },
  { label: "One order only", get: (m) => m.singleOrderAccuracy, fmt: (x) => pct(x), better: "higher" },
  { label: "Swap consistency", get: (m) => m.swapConsistency, fmt: (x) => pct(x), better: "higher" },
  { label: "ECE", get: (m) => m.ece, fmt: (x) => num(x), better: "lower" },
  { label: "NLL", get: (m) => m.nll, fmt: (x) => num(x), better: "lower" },
  { label: "Padded judged better", get: (m) => m.lengthProbe.longerBetterShare, fmt: (x) => pct(x, 0), better: "lower" },
  { label: "Padding reward", get: (m) => m.lengthProbe.meanReward, fmt: (x) => num(x), better: "lower" },
];

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  const { a = "", b = "" } = await searchParams;
  const user = await requirePageUser(`/models/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`, "researcher");
  const c = await or404(compareModels(user, a, b), ["NotFound", "Invalid"]);
  const L = c.left.model;
  const R = c.right.model;
  const lm = L.evalMetrics;
  const rm = R.evalMetrics;
  return (
    <div className="space-y-8" data-testid="compare">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-semibold">v{L.version} vs v{R.version}</h1>
        <Link href="/models" className="ml-auto text-sm text-blue-700">All versions</Link>
      </div>
      {!c.sameHeldout && (
        <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="different-heldout">
          These versions were evaluated on different held-out prompts (different datasets or split): compare their numbers with care.
        </p>
      )}
      <table className="bg-white text-sm" data-testid="compare-table">
        <thead>
          <tr className="border-b text-left">
            <th className="p-2" />
            {[L, R].map((m) => (
              <th key={m.id} className="p-2"><Link href={`/models/${m.version}`} className="text-blue-700">v{m.version}</Link> <StatusBadge status={m.status} /></th>
            ))}
            <th className="p-2">Change</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => {
            const x = lm ? r.get(lm) : null;
            const y = rm ? r.get(rm) : null;
            const d = x !== null && y !== null ? y - x : null;
            const good = d !== null && d !== 0 && (r.better === "higher" ? d > 0 : d < 0);
            return (
              <tr key={r.label} className="border-b">
                <th className="p-2 text-left font-normal text-slate-600">{r.label}</th>
                <td className="p-2 tabular-nums">{x === null ? "not evaluated" : r.fmt(x)}</td>
                <td className="p-2 tabular-nums">{y === null ? "not evaluated" : r.fmt(y)}</td>
                <td className={`p-2 tabular-nums ${d === null || d === 0 ? "" : good ? "text-green-700" : "text-red-700"}`}>{d === null ? "—" : `${d > 0 ? "+" : ""}${r.fmt(d)}`}</td>
              </tr>
            );
          })}
          <tr className="border-b">
            <th className="p-2 text-left font-normal text-slate-600">Held-out labels</th>
            <td className="p-2">{lm?.n ?? "—"}</td><td className="p-2">{rm?.n ?? "—"}</td><td />
          </tr>
          <tr>
            <th className="p-2 text-left font-normal text-slate-600">Trained on</th>
            <td className="p-2">{c.left.lineage ? `${c.left.lineage.trainLabels} labels` : "—"}</td>
            <td className="p-2">{c.right.lineage ? `${c.right.lineage.trainLabels} labels` : "—"}</td><td />
          </tr>
        </tbody>
      </table>
      {lm && rm && (
        <>
          <div className="grid gap-6 lg:grid-cols-2">
            <ConfusionMatrix confusion={lm.confusion} caption={`v${L.version}`} />
            <ConfusionMatrix confusion={rm.confusion} caption={`v${R.version}`} />
          </div>
          <Section title="Reliability" question="Which version's confidence can be trusted?">
            <ReliabilityChart series={[{ name: `v${L.version}`, color: "#94a3b8", bins: lm.reliability }, { name: `v${R.version}`, color: "#2563eb", bins: rm.reliability }]} />
          </Section>
          <Section title="Length probe" question="Which version is less swayed by padding?">
            <LengthProbeChart bars={[L, R].map((m, i) => {
              const p = (i === 0 ? lm : rm).lengthProbe;
              return { name: `v${m.version}`, better: p.longerBetterShare, same: p.sameShare, worse: p.longerWorseShare };
            })} />
          </Section>
        </>
      )}
    </div>
  );
}
