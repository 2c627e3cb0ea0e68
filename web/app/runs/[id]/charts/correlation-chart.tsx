"use client";
/** Q: within each step, does a longer answer get a higher reward — and since when? */
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { StepPoint } from "@core/rl/get-run-dashboard";
import { ALERT_COLOR, MODEL_COLOR, modelChanges, type AlertMark } from "./series";

interface Props {
  steps: StepPoint[];
  alerts: AlertMark[];
  /** the coupling detector's statistic and bar (absolute threshold) */
  statistic: "spearman" | "pearson" | "partial";
  threshold: number;
}

export function CorrelationChart({ steps, alerts, statistic, threshold }: Props) {
  const valueAt = (step: number) => steps.find((s) => s.step === step)?.[statistic] ?? 0;
  return (
    <LineChart responsive style={{ width: "100%", height: 260 }} data={steps} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
      <YAxis domain={[-1, 1]} width={40} />
      <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(3) : String(v))} labelFormatter={(s) => `step ${s}`} />
      <Legend />
      <Line dataKey="pearson" name="Pearson" stroke="#2563eb" dot={false} connectNulls isAnimationActive={false} />
      <Line dataKey="spearman" name="Spearman" stroke="#0f172a" dot={false} connectNulls isAnimationActive={false} />
      <Line dataKey="partial" name="partial | correct" stroke="#ea580c" dot={false} connectNulls isAnimationActive={false} />
      <ReferenceLine y={threshold} stroke={ALERT_COLOR} strokeDasharray="6 3" label={{ value: `${statistic} bar ${threshold}`, fill: ALERT_COLOR, fontSize: 11, position: "insideBottomRight" }} />
      <ReferenceLine y={0} stroke="#94a3b8" />
      {modelChanges(steps).map((c) => (
        <ReferenceLine key={`m${c.step}`} x={c.step} stroke={MODEL_COLOR} label={{ value: c.model, fill: MODEL_COLOR, fontSize: 11, position: "insideTopLeft" }} />
      ))}
      {alerts.map((a) => (
        <ReferenceLine key={`l${a.id}`} x={a.step} stroke={ALERT_COLOR} strokeDasharray="2 2" />
      ))}
      {alerts.map((a) => (
        <ReferenceDot
          key={a.id}
          x={a.step}
          y={a.detector === "reward_length_coupling" ? a.value : valueAt(a.step)}
          r={6}
          fill={ALERT_COLOR}
          stroke="white"
          className="alert-marker"
          ifOverflow="extendDomain"
        />
      ))}
    </LineChart>
  );
}
