"use client";
/**
 * Q: is the GenRM in use length-biased (probe: padded answer judged better, corr on the probe), and does
 * the policy still beat the references once length is controlled for (LC win rate vs raw)?
 */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { StepPoint } from "@core/rl/get-run-dashboard";
import { ALERT_COLOR, MODEL_COLOR, modelChanges, type AlertMark } from "./series";

export function ProbeLcChart({ steps, alerts }: { steps: StepPoint[]; alerts: AlertMark[] }) {
  const data = steps.map((s) => ({
    step: s.step,
    lc: s.lcWinRate,
    raw: s.rawWinRate,
    probeBetter: s.probeLongerBetter === null ? null : 100 * s.probeLongerBetter,
    probeCorr: s.probeCorr,
  }));
  return (
    <LineChart responsive style={{ width: "100%", height: 260 }} data={data} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
      <YAxis yAxisId="pct" domain={[0, 100]} width={40} label={{ value: "%", angle: -90, position: "insideLeft" }} />
      <YAxis yAxisId="corr" orientation="right" domain={[-1, 1]} width={40} />
      <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(2) : String(v))} labelFormatter={(s) => `step ${s}`} />
      <Legend />
      <Line yAxisId="pct" dataKey="lc" name="LC win rate %" stroke="#16a34a" dot={false} connectNulls isAnimationActive={false} />
      <Line yAxisId="pct" dataKey="raw" name="raw win rate %" stroke="#86efac" strokeDasharray="4 3" dot={false} connectNulls isAnimationActive={false} />
      <Line yAxisId="pct" dataKey="probeBetter" name="probe: padded judged better %" stroke="#7c3aed" dot={false} connectNulls isAnimationActive={false} />
      <Line yAxisId="corr" dataKey="probeCorr" name="probe corr(reward, length)" stroke="#c026d3" strokeDasharray="6 2" dot={false} connectNulls isAnimationActive={false} />
      {alerts.map((a) => (
        <ReferenceLine key={a.id} yAxisId="pct" x={a.step} stroke={ALERT_COLOR} strokeDasharray="2 2" className="alert-marker" />
      ))}
      {modelChanges(steps).map((c) => (
        <ReferenceLine key={`m${c.step}`} yAxisId="pct" x={c.step} stroke={MODEL_COLOR} label={{ value: c.model, fill: MODEL_COLOR, fontSize: 11, position: "insideTopLeft" }} />
      ))}
    </LineChart>
  );
}
