import Link from "next/link";
import { getTournamentRun } from "@core/tournaments/get-tournament-run";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";
import { ProgressBar, SourceBadge, StatusBadge } from "../ui";
import { LengthChart, ReferenceShareChart } from "./reference-charts";

export const dynamic = "force-dynamic";

export default async function TournamentRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const user = await requirePageUser(`/tournaments/${runId}`, "researcher");
  const data = await or404(getTournamentRun(user, runId));
  const { run, stats, prompts, decisions } = data;
  const live = run.status === "queued" || run.status === "running";
  return (
    <div className="space-y-6">
      {live && <AutoRefresh seconds={2} />}
      <div>
        <Link href="/tournaments" className="text-sm text-blue-700 hover:underline">← Tournaments</Link>
        <h1 className="text-2xl font-semibold">{run.dataset.name}</h1>
        <p className="text-sm text-slate-600">
          Judged by GenRM v{run.model.version} ({run.model.name}) · seed {run.seed} · {run.configText}
        </p>
      </div>
      <section className="space-y-2 rounded-lg border bg-white p-4">
        <div className="flex items-center gap-3 text-sm">
          <StatusBadge status={run.status} />
          <span>{run.judgeCalls.toLocaleString()} judgements</span>
          {run.finishedAt && <span className="text-slate-500">finished {new Date(run.finishedAt).toLocaleString()}</span>}
        </div>
        <ProgressBar done={run.done} total={run.total} testId="run-progress" />
        <p className="text-sm" data-testid="run-decisions">
          <b>{decisions.decided}</b> decided · <b>{decisions.undecided}</b> undecided
          {decisions.waitingForHuman > 0 && <> · <span className="text-amber-800">{decisions.waitingForHuman} waiting for a human</span></>}
        </p>
        {run.error && <p role="alert" className="text-sm text-red-700">{run.error}</p>}
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <ReferenceShareChart stats={stats} />
        <LengthChart stats={stats} />
      </div>
      <section>
        <h2 className="mb-2 font-medium">Prompts</h2>
        <table className="w-full bg-white text-sm" data-testid="run-prompts">
          <thead>
            <tr className="border-b text-left"><th className="p-2">Prompt</th><th>Answers</th><th>Status</th><th>Rounds</th><th>Winner</th><th>Confidence</th><th>Current reference</th></tr>
          </thead>
          <tbody>
            {prompts.map((p) => (
              <tr key={p.tournamentId} className="border-b align-top">
                <td className="max-w-xl p-2">
                  <Link className="text-blue-700 hover:underline" href={`/tournaments/${run.id}/prompts/${p.promptId}`}>{p.excerpt || "(empty prompt)"}</Link>
                  {p.note && <div className="text-xs text-slate-500">{p.note}</div>}
                </td>
                <td>{p.answers}</td>
                <td><StatusBadge status={p.status} /></td>
                <td>{p.roundsDone}</td>
                <td>{p.winnerModel ?? "—"}</td>
                <td data-testid="prompt-confidence">
                  {p.confidence !== null ? `${Math.round(100 * p.confidence)} %` : "—"}
                  {p.undecided && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">undecided</span>}
                </td>
                <td>{p.reference ? <>{p.reference.model} <SourceBadge source={p.reference.source} /></> : p.waitsForHuman ? <span className="text-amber-800">waiting for a human</span> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
