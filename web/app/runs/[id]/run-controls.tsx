"use client";
/** Owner/admin actions on a run: pause, continue, start a recalibration, automation switches. */
import { useApiCall } from "@/components/use-api-call";

interface Props {
  runId: string;
  action: "continue" | "pause";
  autoPause: boolean;
  autoRecalibrate: boolean;
  recalibrating: boolean;
  /** the alert a recalibration should cite (the latest open one) */
  alertId: string | null;
}

export function RunControls({ runId, action, autoPause, autoRecalibrate, recalibrating, alertId }: Props) {
  const { busy, error, call: callApi } = useApiCall();
  const call = (path: string, body: unknown, method = "POST") => callApi(path, { method, body });
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="run-controls">
      {action === "continue" ? (
        <button disabled={busy} className="rounded bg-amber-600 px-3 py-1 text-white disabled:opacity-50" onClick={() => call(`/api/rl/runs/${runId}/control`, { action: "pause" })}>
          Pause run
        </button>
      ) : (
        <button disabled={busy} className="rounded bg-emerald-700 px-3 py-1 text-white disabled:opacity-50" onClick={() => call(`/api/rl/runs/${runId}/control`, { action: "continue" })}>
          Continue run
        </button>
      )}
      <button
        disabled={busy || recalibrating}
        className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
        title={recalibrating ? "A recalibration is already running" : "Train a length-debiased version of the run's GenRM"}
        onClick={() => call(`/api/rl/runs/${runId}/recalibrations`, alertId ? { alertId } : {})}
      >
        {recalibrating ? "Recalibrating…" : "Start recalibration"}
      </button>
      <label className="ml-2">
        <input type="checkbox" checked={autoPause} disabled={busy} onChange={(e) => call(`/api/rl/runs/${runId}`, { autoPause: e.target.checked }, "PATCH")} /> auto-pause on alert
      </label>
      <label>
        <input type="checkbox" checked={autoRecalibrate} disabled={busy} onChange={(e) => call(`/api/rl/runs/${runId}`, { autoRecalibrate: e.target.checked }, "PATCH")} /> auto-recalibrate
      </label>
      {error && <span role="alert" className="text-red-700">{error}</span>}
    </div>
  );
}
