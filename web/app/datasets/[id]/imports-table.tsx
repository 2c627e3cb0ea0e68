/** Import runs with their live progress and the first line-numbered errors of each. */
interface Imp {
  id: string;
  fileName: string;
  format: string;
  status: string;
  progress: number;
  added: number;
  skipped: number;
  message: string | null;
  errors: Array<{ line: number; reason: string }>;
  createdAt: string;
}

export function ImportsTable({ imports }: { imports: Imp[] }) {
  if (imports.length === 0) return <p className="text-sm text-slate-500">No imports yet.</p>;
  return (
    <ul className="space-y-2" data-testid="imports">
      {imports.map((i) => (
        <li key={i.id} className="rounded border bg-white p-3 text-sm" data-status={i.status}>
          <div className="flex flex-wrap items-center gap-3">
            <b>{i.fileName}</b>
            <span className="text-slate-500">{i.format}</span>
            <span className={i.status === "failed" ? "text-red-700" : i.status === "succeeded" ? "text-emerald-700" : "text-amber-700"}>{i.status}</span>
            <progress value={i.progress} max={1} className="w-40" aria-label={`progress of ${i.fileName}`} />
            <span>{Math.round(i.progress * 100)}%</span>
          </div>
          {i.message && <p className="mt-1 text-slate-700">{i.message}</p>}
          {i.errors.length > 0 && (
            <details className="mt-1">
              <summary className="cursor-pointer text-red-700">{i.errors.length} bad line{i.errors.length === 1 ? "" : "s"} shown</summary>
              <ul className="mt-1 max-h-48 overflow-auto font-mono text-xs">
                {i.errors.slice(0, 200).map((e, k) => <li key={k}>line {e.line}: {e.reason}</li>)}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
