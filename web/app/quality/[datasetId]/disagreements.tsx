"use client";
/** The adjudication list: comparisons without a clear consensus; a researcher can settle one as gold. */
import { useState } from "react";
import { api } from "@/components/api";

interface D {
  comparisonId: string;
  prompt: string;
  mode: string;
  isGold: boolean;
  counts: { a: number; b: number; tie: number };
  agreement: number;
  reasons: string[];
}

const REASON: Record<string, string> = { "no-majority": "no majority", "low-agreement": "low agreement", "opposed-strong": "both sides 'clearly better'", "no-trusted-labels": "no trusted labels" };

export function Disagreements({ datasetId, items }: { datasetId: string; items: D[] }) {
  const [gold, setGold] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const verdicts = (mode: string) => (mode === "pairwise" ? [["a", "A"], ["tie", "tie"], ["b", "B"]] : [["better", "better"], ["same", "same"], ["worse", "worse"]]);
  return (
    <section>
      <h2 className="mb-2 font-medium">Disagreements to adjudicate ({items.length})</h2>
      {error && <p role="alert" className="text-red-700">{error}</p>}
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">None: every labelled comparison has a clear consensus.</p>
      ) : (
        <table className="w-full bg-white text-sm" data-testid="disagreements">
          <thead><tr className="border-b text-left"><th className="p-2">Prompt</th><th>A / tie / B</th><th>Agreement</th><th>Why</th><th>Settle as gold</th></tr></thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.comparisonId} className="border-b align-top">
                <td className="max-w-md p-2">{d.prompt}<div className="text-xs text-slate-400">{d.comparisonId}</div></td>
                <td>{d.counts.a} / {d.counts.tie} / {d.counts.b}</td>
                <td>{Math.round(d.agreement * 100)}%</td>
                <td>{d.reasons.map((r) => REASON[r] ?? r).join(", ")}</td>
                <td className="space-x-1 whitespace-nowrap">
                  {gold[d.comparisonId] || d.isGold ? (
                    <span className="text-emerald-700">gold{gold[d.comparisonId] ? `: ${gold[d.comparisonId]}` : ""}</span>
                  ) : (
                    verdicts(d.mode).map(([v, label]) => (
                      <button
                        key={v}
                        className="rounded border px-2"
                        onClick={async () => {
                          try {
                            await api(`/api/datasets/${datasetId}/comparisons/${d.comparisonId}`, { method: "PATCH", body: { isGold: true, goldVerdict: v } });
                            setGold((g) => ({ ...g, [d.comparisonId]: label! }));
                          } catch (e) {
                            setError((e as Error).message);
                          }
                        }}
                      >
                        {label}
                      </button>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
