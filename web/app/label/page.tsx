import Link from "next/link";
import { listQueues } from "@core/labelling/list-queues";
import { requirePageUser } from "@/lib/actor";

export const dynamic = "force-dynamic";

export default async function LabelHome() {
  const user = await requirePageUser("/label", "annotator", "researcher");
  const { queues, doneToday } = await listQueues(user);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Label</h1>
      <p className="text-slate-600">
        You labelled <b data-testid="done-today">{doneToday}</b> comparison{doneToday === 1 ? "" : "s"} today. Pick a queue; everything works from the keyboard.
      </p>
      {queues.length === 0 && <p className="text-slate-500">No datasets have comparisons to label yet.</p>}
      <ul className="grid gap-3 sm:grid-cols-2" data-testid="queues">
        {queues.map((q) => (
          <li key={q.datasetId} className="rounded-lg border bg-white p-4">
            <div className="font-medium">{q.name}</div>
            <div className="mt-1 text-sm text-slate-600">{q.remaining} open for you · {q.done} labelled by you</div>
            {q.remaining > 0 ? (
              <Link href={`/label/${q.datasetId}`} className="mt-3 inline-block rounded bg-slate-900 px-3 py-1 text-sm text-white">Start labelling</Link>
            ) : (
              <span className="mt-3 inline-block text-sm text-emerald-700">All done here</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
