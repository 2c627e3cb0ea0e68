"use client";
/** Owner/admin: the share of each new step's rollouts sent to blind human checks (0 = off). */
import Link from "next/link";
import { useState } from "react";
import { useApiCall } from "@/components/use-api-call";

export function HumanCheckSettings({ runId, rate, datasetId, queued, labels }: { runId: string; rate: number; datasetId: string | null; queued: number; labels: number }) {
  const [value, setValue] = useState(String(Math.round(rate * 1000) / 10));
  const { busy, error, setError, call } = useApiCall();
  const save = async () => {
    const pct = Number(value);
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) return setError("Enter a percentage between 0 and 100");
    await call(`/api/rl/runs/${runId}`, { method: "PATCH", body: { humanSampleRate: pct / 100 } });
  };
  return (
    <form className="flex flex-wrap items-center gap-2 text-sm" data-testid="human-check-settings" onSubmit={(e) => (e.preventDefault(), void save())}>
      <label>
        Human checks: send{" "}
        <input aria-label="human check sampling rate (%)" className="w-16 rounded border px-1" type="number" min={0} max={100} step="any" value={value} onChange={(e) => setValue(e.target.value)} /> % of
        each new step&apos;s rollouts to blind labelling against the reference
      </label>
      <button disabled={busy} className="rounded border px-2 py-0.5 disabled:opacity-50" type="submit">Save</button>
      <span className="text-slate-600" data-testid="human-check-counts">
        {queued} queued · {labels} labelled
        {datasetId && (
          <>
            {" · "}
            <Link className="underline" href={`/label/${datasetId}`}>label them</Link>
          </>
        )}
      </span>
      {error && <span role="alert" className="text-red-700">{error}</span>}
    </form>
  );
}
