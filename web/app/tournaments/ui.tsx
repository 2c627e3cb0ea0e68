/** Small presentational pieces shared by the tournament pages (server-renderable). */

export function ProgressBar({ done, total, testId }: { done: number; total: number; testId?: string }) {
  const pct = total > 0 ? Math.round((100 * done) / total) : 0;
  return (
    <div className="flex items-center gap-2" data-testid={testId}>
      <div className="h-2 flex-1 rounded bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className="h-2 rounded bg-emerald-600" style={{ width: `${pct}%` }} />
      </div>
      <span className="w-24 text-right text-xs tabular-nums text-slate-600">{done}/{total} prompts</span>
    </div>
  );
}

const STATUS_STYLE: Record<string, string> = {
  queued: "bg-slate-100 text-slate-700",
  running: "bg-blue-100 text-blue-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[status] ?? ""}`} data-testid="status">{status}</span>;
}

export function SourceBadge({ source }: { source: string }) {
  const style = source === "override" ? "bg-amber-100 text-amber-800" : source === "tournament" ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700";
  return <span className={`rounded px-2 py-0.5 text-xs ${style}`}>{source}</span>;
}

export const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits));
