import Link from "next/link";
import { listDatasets } from "@core/datasets/list-datasets";
import { requirePageUser } from "@/lib/actor";
import { TrainForm } from "./train-form";

export const dynamic = "force-dynamic";

export default async function TrainPage() {
  const user = await requirePageUser("/models/train", "researcher");
  const datasets = (await listDatasets(user)).map((d) => ({ id: d.id, name: d.name, labels: d.labels, prompts: d.prompts }));
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-semibold">Train a new GenRM version</h1>
        <Link href="/models" className="ml-auto text-sm text-blue-700">All versions</Link>
      </div>
      <p className="text-sm text-slate-600">
        Labels become prompt/completion rows through the judging template (pairwise labels once per order). A share of prompts is held out — never
        trained on — to evaluate the new version; the rest trains it. The result registers as a <b>candidate</b>: promote it to serve it.
      </p>
      <TrainForm datasets={datasets} />
    </div>
  );
}
