"use client";
/**
 * Q: is the policy stretching its answers by looping? Per step, beside the mean length: the share of
 * sampled rollouts that repeat themselves (≥ half of their word 4-grams are repeats) and the mean
 * repeated 4-gram share.
 */
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { StepPoint } from "@core/rl/get-run-dashboard";
import { ALERT_COLOR, type AlertMark } from "./series";

export function RepetitionChart({ steps, alerts }: { steps: StepPoint[]; alerts: AlertMark[] }) {
  const data = steps.map((s) => ({
    step: s.step,
    length: s.lengthMean,
    looping: s.loopingShare === null ? null : 100 * s.loopingShare,
    repeated: s.repeatedShare === null ? null : 100 * s.repeatedShare,
  }));
  return (
    <ComposedChart responsive style={{ width: "100%", height: 260 }} data={data} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
      <YAxis yAxisId="pct" domain={[0, 100]} width={40} label={{ value: "%", angle: -90, position: "insideLeft" }} />
      <YAxis yAxisId="len" orientation="right" width={56} />
      <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(1) : String(v))} labelFormatter={(s) => `step ${s}`} />
      <Legend />
      <Line yAxisId="pct" dataKey="looping" name="rollouts looping %" stroke="#b91c1c" dot={false} connectNulls isAnimationActive={false} />
      <Line yAxisId="pct" dataKey="repeated" name="repeated 4-grams %" stroke="#f97316" strokeDasharray="4 3" dot={false} connectNulls isAnimationActive={false} />
      <Line yAxisId="len" dataKey="length" name="length mean (chars)" stroke="#0f172a" dot={false} isAnimationActive={false} />
      {alerts
        .filter((a) => a.detector === "repetition_loop")
        .map((a) => (
          <ReferenceLine key={a.id} yAxisId="pct" x={a.step} stroke={ALERT_COLOR} strokeDasharray="2 2" className="alert-marker" label={{ value: "⚠ loops", fill: ALERT_COLOR, fontSize: 11, position: "top" }} />
        ))}
    </ComposedChart>
  );
}
