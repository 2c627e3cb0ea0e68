/** Small presentational pieces shared by the model pages (server-safe: no hooks). */
import type { ReactNode } from "react";

const STATUS_STYLE: Record<string, string> = {
  active: "bg-green-100 text-green-800 border-green-300",
  candidate: "bg-blue-50 text-blue-800 border-blue-200",
  retired: "bg-slate-100 text-slate-500 border-slate-200",
  training: "bg-amber-50 text-amber-800 border-amber-200",
  failed: "bg-red-50 text-red-700 border-red-200",
  queued: "bg-slate-50 text-slate-600 border-slate-200",
  running: "bg-amber-50 text-amber-800 border-amber-200",
  succeeded: "bg-green-50 text-green-800 border-green-200",
};

export function StatusBadge({ status }: { status: string }) {
  return <span data-testid="status" className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status] ?? "bg-slate-50"}`}>{status}</span>;
}

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : `${(100 * x).toFixed(digits)} %`);
export const num = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits));
export const when = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

export function ProgressBar({ fraction, label }: { fraction: number; label?: string }) {
  const v = Math.round(100 * Math.max(0, Math.min(1, fraction)));
  return (
    <div className="w-full">
      <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={v} aria-label={label ?? "progress"} className="h-3 w-full overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-blue-600 transition-all" style={{ width: `${v}%` }} />
      </div>
    </div>
  );
}

export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border bg-white p-3">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="text-xl font-semibold" data-testid={testId}>{value}</div>
      {hint && <div className="text-xs text-slate-500">{hint}</div>}
    </div>
  );
}

export function Section({ title, question, children, testId }: { title: string; question?: string; children: ReactNode; testId?: string }) {
  return (
    <section className="space-y-2" data-testid={testId}>
      <h2 className="font-medium">{title}</h2>
      {question && <p className="text-sm text-slate-500">{question}</p>}
      {children}
    </section>
  );
}
