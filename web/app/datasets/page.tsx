import Link from "next/link";
import { listDatasets } from "@core/datasets/list-datasets";
import { requirePageUser } from "@/lib/actor";
import { NewDatasetForm } from "./new-dataset-form";

export const dynamic = "force-dynamic";

export default async function DatasetsPage() {
  const user = await requirePageUser("/datasets", "researcher");
  const datasets = await listDatasets(user);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Datasets</h1>
      <NewDatasetForm />
      <table className="w-full bg-white text-sm" data-testid="datasets">
        <thead>
          <tr className="border-b text-left"><th className="p-2">Name</th><th>Prompts</th><th>Answers</th><th>Comparisons</th><th>Labels</th><th>Labels wanted</th><th>Created</th></tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.id} className="border-b">
              <td className="p-2"><Link href={`/datasets/${d.id}`} className="text-sky-700 underline">{d.name}</Link></td>
              <td>{d.prompts}</td><td>{d.responses}</td><td>{d.comparisons}</td><td>{d.labels}</td><td>{d.labelsWanted}</td>
              <td>{d.createdAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
          {datasets.length === 0 && <tr><td colSpan={7} className="p-2 text-slate-500">No datasets yet: create one above, then import prompts and answers.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
