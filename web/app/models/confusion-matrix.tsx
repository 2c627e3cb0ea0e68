/** Rows: what the humans said; columns: what the judge said. The diagonal is agreement. */
const VERDICTS = ["better", "same", "worse"] as const;

export function ConfusionMatrix({ confusion, caption }: { confusion: number[][]; caption?: string }) {
  const max = Math.max(1, ...confusion.flat());
  return (
    <table className="border-collapse bg-white text-sm" data-testid="confusion-matrix">
      {caption && <caption className="pb-1 text-left text-xs text-slate-500">{caption}</caption>}
      <thead>
        <tr>
          <th className="p-2 text-left text-xs font-normal text-slate-500">human ↓ / judge →</th>
          {VERDICTS.map((v) => <th key={v} className="p-2 font-medium">{v}</th>)}
          <th className="p-2 text-xs font-normal text-slate-500">recall</th>
        </tr>
      </thead>
      <tbody>
        {VERDICTS.map((t, i) => {
          const row = confusion[i] ?? [0, 0, 0];
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <tr key={t}>
              <th className="p-2 text-left font-medium">{t}</th>
              {row.map((n, j) => (
                <td
                  key={j}
                  className={`w-16 border p-2 text-center tabular-nums ${i === j ? "font-semibold" : ""}`}
                  style={{ backgroundColor: `rgba(${i === j ? "22,163,74" : "220,38,38"},${(0.08 + 0.6 * (n / max)).toFixed(2)})` }}
                >
                  {n}
                </td>
              ))}
              <td className="p-2 text-center text-xs text-slate-500">{total ? `${((100 * (row[i] ?? 0)) / total).toFixed(0)} %` : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
