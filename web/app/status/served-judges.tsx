import type { ServedJudgeHealth } from "@core/genrm-service/served-judge-health";

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : "—");

/** Each served judge's base URLs: up or out (and until when), load, recent failures, last error. */
export function ServedJudges({ judges }: { judges: ServedJudgeHealth[] }) {
  return (
    <section>
      <h2 className="mb-2 font-medium">Served judges ({judges.length})</h2>
      {judges.length === 0 && <p className="text-sm text-gray-600">No candidate or active GenRM version is served by an external server.</p>}
      {judges.map((j) => (
        <div key={j.modelId} className="mb-4" data-testid={`served-judge-v${j.version}`}>
          <p className="text-sm">
            <b>v{j.version}</b> {j.name} ({j.status}) — model <code>{j.servedModel}</code>, {j.api} API, {j.mode} mode
          </p>
          {j.error && <p role="alert" className="text-sm text-red-700">{j.error}</p>}
          {j.urls.length > 0 && (
            <table className="w-full bg-white text-sm">
              <thead>
                <tr className="border-b text-left"><th className="p-2">Base URL</th><th>Health</th><th>In flight</th><th>Failures (5 min)</th><th>Last OK</th><th>Last error</th></tr>
              </thead>
              <tbody>
                {j.urls.map((u) => (
                  <tr key={u.url} className="border-b" data-testid="served-url" data-healthy={u.healthy ? "yes" : "no"}>
                    <td className="p-2"><code>{u.url}</code></td>
                    <td className={u.healthy ? "text-green-700" : "text-red-700"}>{u.healthy ? "healthy" : `out until ${time(u.retryAt)}`}</td>
                    <td>{u.inFlight}</td>
                    <td>{u.recentFailures}</td>
                    <td>{time(u.lastOkAt)}</td>
                    <td className="max-w-md truncate" title={u.lastError ?? ""}>{u.lastError ? `${time(u.lastErrorAt)}: ${u.lastError}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
