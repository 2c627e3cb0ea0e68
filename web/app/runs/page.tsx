/** RL runs across the team, and the lineage: which GenRM versions judged which steps of which run. */
import Link from "next/link";
import { listRuns } from "@core/rl/list-runs";
import { requirePageUser } from "@/lib/actor";

export const dynamic = "force-dynamic";

export default async function RunsPage() {
  const user = await requirePageUser("/runs", "researcher");
  const { runs, lineage } = await listRuns(user);
  const byId = new Map(lineage.map((m) => [m.id, m]));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">RL runs</h1>
      {runs.length === 0 ? (
        <p className="text-slate-600">
          No runs yet. A trainer creates one with an API key (scope <code>runs:write</code>): <code>POST /api/v1/runs</code>, or try{" "}
          <code>npm run simulate:rl -- --url http://127.0.0.1:3000 --key grm_…</code>.
        </p>
      ) : (
        <table className="w-full bg-white text-sm" data-testid="runs">
          <thead>
            <tr className="border-b text-left"><th className="p-2">Run</th><th>Policy</th><th>Owner</th><th>GenRM now</th><th>Control</th><th>Steps</th><th>Alerts</th></tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className="border-b">
                <td className="p-2"><Link className="underline" href={`/runs/${r.id}`}>{r.name}</Link></td>
                <td>{r.policy || "–"}</td>
                <td>{r.owner}</td>
                <td>{r.model ?? "–"}</td>
                <td title={r.controlReason} className={r.control === "pause" ? "text-amber-700" : "text-emerald-700"}>{r.control}</td>
                <td>{r.steps}{r.lastStep !== null ? ` (to ${r.lastStep})` : ""}</td>
                <td className={r.alerts ? "text-red-700" : ""}>{r.alerts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section>
        <h2 className="mb-1 font-medium">Lineage: GenRM versions and where they were used</h2>
        <p className="mb-2 text-sm text-slate-500">Label → training run → version → RL steps. A recalibrated version names the run it was made for.</p>
        <table className="w-full bg-white text-sm" data-testid="lineage">
          <thead>
            <tr className="border-b text-left"><th className="p-2">Version</th><th>Status</th><th>Came from</th><th>Judged</th></tr>
          </thead>
          <tbody>
            {lineage.map((m) => (
              <tr key={m.id} className="border-b align-top">
                <td className="p-2 font-medium">{m.name} <span className="text-slate-400">v{m.version}</span></td>
                <td>{m.status}</td>
                <td>
                  {m.parentId ? `${byId.get(m.parentId)?.name ?? "parent"}` : "trained from labels"}
                  {m.recalibratedFor && (
                    <>
                      {" "}· recalibrated for <Link className="underline" href={`/runs/${m.recalibratedFor.runId}`}>{m.recalibratedFor.runName}</Link>
                      {m.recalibratedFor.accepted ? " (accepted)" : " (not adopted)"}
                    </>
                  )}
                </td>
                <td>
                  {m.uses.length === 0 ? <span className="text-slate-400">no RL steps</span> : (
                    <ul>
                      {m.uses.map((u) => (
                        <li key={`${u.runId}-${u.fromStep}`}>
                          <Link className="underline" href={`/runs/${u.runId}`}>{u.runName}</Link> steps {u.fromStep}–{u.toStep} ({u.steps})
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
