"use client";
/** Q: is length rising faster than accuracy, and is reward following length rather than accuracy? */
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { StepPoint } from "@core/rl/get-run-dashboard";
import { ALERT_COLOR, MODEL_COLOR, detectorLabel, modelChanges, type AlertMark } from "./series";

export function LengthRewardChart({ steps, alerts }: { steps: StepPoint[]; alerts: AlertMark[] }) {
  return (
    <ComposedChart responsive style={{ width: "100%", height: 280 }} data={steps} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
      <YAxis yAxisId="len" width={56} label={{ value: "chars", angle: -90, position: "insideLeft" }} />
      <YAxis yAxisId="r" orientation="right" domain={[-1, 1]} width={40} />
      <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(3) : String(v))} labelFormatter={(s) => `step ${s}`} />
      <Legend />
      <Line yAxisId="len" dataKey="lengthMean" name="length mean" stroke="#0f172a" dot={false} isAnimationActive={false} />
      <Line yAxisId="len" dataKey="lengthP90" name="length p90" stroke="#94a3b8" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
      <Line yAxisId="r" dataKey="rewardMean" name="reward mean" stroke="#2563eb" dot={false} isAnimationActive={false} />
      <Line yAxisId="r" dataKey="accuracy" name="accuracy" stroke="#16a34a" dot={false} connectNulls isAnimationActive={false} />
      {alerts.map((a) => (
        <ReferenceLine key={a.id} yAxisId="len" x={a.step} stroke={ALERT_COLOR} strokeDasharray="2 2" className="alert-marker" label={{ value: `⚠ ${detectorLabel(a.detector)}`, fill: ALERT_COLOR, fontSize: 11, position: "top" }} />
      ))}
      {modelChanges(steps).map((c) => (
        <ReferenceLine key={`m${c.step}`} yAxisId="len" x={c.step} stroke={MODEL_COLOR} label={{ value: c.model, fill: MODEL_COLOR, fontSize: 11, position: "insideTopLeft" }} />
      ))}
    </ComposedChart>
  );
}
