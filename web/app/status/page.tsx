import { getServedJudgeHealth } from "@core/genrm-service/served-judge-health";
import { getQueueStatus } from "@core/status/get-queue-status";
import { requirePageUser } from "@/lib/actor";
import { AutoRefresh } from "@/components/auto-refresh";
import { ServedJudges } from "./served-judges";

export const dynamic = "force-dynamic";

export default async function StatusPage() {
  const user = await requirePageUser("/status", "researcher");
  const [status, judges] = await Promise.all([getQueueStatus(user), getServedJudgeHealth(user, { check: true })]);
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={5} />
      <h1 className="text-2xl font-semibold">System status</h1>
      {status.redis === "down" && <p role="alert" className="text-red-700">Redis is unreachable: {status.error}</p>}
      <section>
        <h2 className="mb-2 font-medium">Workers ({status.workers.length} alive)</h2>
        {status.workers.length === 0 && <p className="text-amber-700">No worker heartbeat: start them with <code>npm run workers</code>.</p>}
        <ul className="text-sm" data-testid="workers">
          {status.workers.map((w) => (
            <li key={w.workerId}>{w.workerId} — queues {w.queues.join(", ")} — {w.activeJobs} active — last beat {new Date(w.beatAt).toLocaleTimeString()}</li>
          ))}
        </ul>
      </section>
      {(status.processes.length > 0 || status.events.length > 0) && (
        <section>
          <h2 className="mb-2 font-medium">Platform processes (npm start)</h2>
          <ul className="text-sm" data-testid="processes">
            {status.processes.map((p) => (
              <li key={p.name} className={p.state === "running" ? "" : "text-amber-700"}>
                {p.name} — {p.state}{p.pid ? ` (pid ${p.pid})` : ""} — {p.restarts} restart{p.restarts === 1 ? "" : "s"}
                {p.lastExit && <> — last exit {new Date(p.lastExit.at).toLocaleTimeString()} ({p.lastExit.signal ?? `code ${p.lastExit.code}`})</>}
                {p.restartAt && <> — restarting at {new Date(p.restartAt).toLocaleTimeString()}</>}
              </li>
            ))}
          </ul>
          {status.events.length > 0 && (
            <ul className="mt-2 space-y-1 text-sm" data-testid="process-events">
              {status.events.map((e, i) => (
                <li key={i} className={e.kind === "crashed" ? "text-red-700" : ""}>
                  {new Date(e.at).toLocaleTimeString()} {e.name} {e.kind}
                  {e.kind === "crashed" && ` (${e.signal ?? `exit code ${e.code}`}); restarting in ${Math.round((e.restartInMs ?? 0) / 1000)} s`}
                  {e.kind === "started" && e.pid ? ` (pid ${e.pid})` : ""}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section>
        <h2 className="mb-2 font-medium">Queues</h2>
        <table className="w-full bg-white text-sm" data-testid="queues">
          <thead><tr className="border-b text-left"><th className="p-2">Queue</th><th>Waiting</th><th>Active</th><th>Delayed</th><th>Failed</th><th>Completed</th></tr></thead>
          <tbody>
            {status.queues.map((q) => (
              <tr key={q.name} className="border-b">
                <td className="p-2">{q.name}</td><td>{q.counts.waiting}</td><td>{q.counts.active}</td><td>{q.counts.delayed}</td><td>{q.counts.failed}</td><td>{q.counts.completed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ServedJudges judges={judges} />
      <section>
        <h2 className="mb-2 font-medium">Recent failed jobs</h2>
        <ul className="space-y-1 text-sm">
          {status.queues.flatMap((q) => q.failed.map((j) => (
            <li key={`${q.name}-${j.id}`} className="rounded border border-red-200 bg-red-50 p-2">
              <b>{j.name}</b> #{j.id} on {q.name} after {j.attemptsMade} attempts: {j.reason}
            </li>
          )))}
        </ul>
      </section>
    </div>
  );
}
