import Link from "next/link";
import { listTournamentRuns } from "@core/tournaments/list-tournament-runs";
import { requirePageUser } from "@/lib/actor";
import { AutoRefresh } from "@/components/auto-refresh";
import { StartRunForm } from "./start-run-form";
import { ProgressBar, StatusBadge } from "./ui";

export const dynamic = "force-dynamic";

export default async function TournamentsPage() {
  const user = await requirePageUser("/tournaments", "researcher");
  const { runs, datasets, models } = await listTournamentRuns(user);
  const live = runs.some((r) => r.status === "queued" || r.status === "running");
  return (
    <div className="space-y-6">
      {live && <AutoRefresh seconds={3} />}
      <div>
        <h1 className="text-2xl font-semibold">Tournaments</h1>
        <p className="text-sm text-slate-600">
          Swiss-round tournaments judged by a GenRM pick each prompt&apos;s reference answer among several models&apos; answers.
          The judge API uses a prompt&apos;s current reference when a request brings none.
        </p>
      </div>
      <StartRunForm datasets={datasets} models={models.map((m) => ({ ...m, status: String(m.status) }))} />
      <section>
        <h2 className="mb-2 font-medium">Runs</h2>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500">No tournament run yet.</p>
        ) : (
          <table className="w-full bg-white text-sm" data-testid="tournament-runs">
            <thead>
              <tr className="border-b text-left">
                <th className="p-2">Dataset</th><th>GenRM</th><th>Status</th><th className="w-64">Progress</th><th>Judgements</th><th>Started</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="border-b">
                  <td className="p-2"><Link className="text-blue-700 hover:underline" href={`/tournaments/${r.id}`}>{r.dataset.name}</Link></td>
                  <td>v{r.model.version} {r.model.name}</td>
                  <td><StatusBadge status={r.status} />{r.error && <span className="ml-2 text-xs text-red-700">{r.error}</span>}</td>
                  <td><ProgressBar done={r.done} total={r.total} /></td>
                  <td>{r.judgeCalls.toLocaleString()}</td>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
