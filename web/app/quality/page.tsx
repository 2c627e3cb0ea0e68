import Link from "next/link";
import { listDatasets } from "@core/datasets/list-datasets";
import { requirePageUser } from "@/lib/actor";

export const dynamic = "force-dynamic";

export default async function QualityHome() {
  const user = await requirePageUser("/quality", "researcher");
  const datasets = (await listDatasets(user)).filter((d) => d.comparisons > 0);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Label quality</h1>
      <p className="text-slate-600">Per dataset: annotator accuracy on gold, agreement (Cohen&apos;s κ, Krippendorff&apos;s α), position and length bias, consensus and disagreements to adjudicate.</p>
      <ul className="space-y-2" data-testid="quality-datasets">
        {datasets.map((d) => (
          <li key={d.id} className="rounded border bg-white p-3">
            <Link href={`/quality/${d.id}`} className="font-medium text-sky-700 underline">{d.name}</Link>
            <span className="ml-2 text-sm text-slate-600">{d.labels} labels on {d.comparisons} comparisons · {d.labelsWanted} still wanted</span>
          </li>
        ))}
        {datasets.length === 0 && <li className="text-slate-500">No dataset has comparisons yet.</li>}
      </ul>
    </div>
  );
}
