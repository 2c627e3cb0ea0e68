"use client";
/** Q: at this step, is reward explained by length (a rising cloud) or by correctness (two bands)? */
import { useRouter, useSearchParams } from "next/navigation";
import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

interface Point {
  id: string;
  length: number;
  reward: number;
  correct: number | null;
  preview: string;
}

interface Props {
  step: number | null;
  points: Point[];
  steps: number[];
  alertSteps: number[];
}

export function RewardLengthScatter({ step, points, steps, alertSteps }: Props) {
  const router = useRouter();
  const params = useSearchParams();
  const go = (s: number) => {
    const q = new URLSearchParams(params.toString());
    q.set("step", String(s));
    router.push(`?${q.toString()}#scatter`, { scroll: false });
  };
  const right = points.filter((p) => p.correct !== null && p.correct >= 0.5);
  const wrong = points.filter((p) => p.correct !== null && p.correct < 0.5);
  const unknown = points.filter((p) => p.correct === null);
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <label>
          Step{" "}
          <select data-testid="scatter-step" className="rounded border px-1" value={step ?? ""} onChange={(e) => go(Number(e.target.value))}>
            {steps.map((s) => (
              <option key={s} value={s}>{s}{alertSteps.includes(s) ? " ⚠" : ""}</option>
            ))}
          </select>
        </label>
        {alertSteps.length > 0 && <span className="text-slate-500">alert steps:</span>}
        {alertSteps.map((s) => (
          <button key={s} type="button" className="rounded border border-red-300 px-1 text-red-700" onClick={() => go(s)}>{s}</button>
        ))}
        <span className="text-slate-500">{points.length} samples</span>
      </div>
      <ScatterChart responsive style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="length" type="number" name="length" unit=" ch" />
        <YAxis dataKey="reward" type="number" name="reward" domain={[-1, 1]} width={40} />
        <Tooltip cursor={{ strokeDasharray: "3 3" }} formatter={(v) => (typeof v === "number" ? v.toFixed(3) : String(v))} />
        <Legend />
        {right.length > 0 && <Scatter name="correct" data={right} fill="#16a34a" isAnimationActive={false} />}
        {wrong.length > 0 && <Scatter name="wrong" data={wrong} fill="#dc2626" isAnimationActive={false} />}
        {unknown.length > 0 && <Scatter name="no verifier" data={unknown} fill="#2563eb" isAnimationActive={false} />}
      </ScatterChart>
    </div>
  );
}
