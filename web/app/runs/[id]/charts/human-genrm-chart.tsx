"use client";
/**
 * Q: when the GenRM says the policy improved, do humans agree? Per step, on the SAME sampled rollouts
 * that annotators labelled blind against the reference: the GenRM's win-rate (reward + 1)/2 vs the
 * humans' (better 1, same ½, worse 0); the trainer's gold-judge win rate when it reports one.
 * A widening gap = reward hacking, whatever the policy exploits.
 */
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { StepPoint } from "@core/rl/get-run-dashboard";
import { ALERT_COLOR, type AlertMark } from "./series";

export function HumanGenrmChart({ steps, alerts }: { steps: StepPoint[]; alerts: AlertMark[] }) {
  const data = steps.map((s) => ({
    step: s.step,
    genrm: s.genrmWinRate === null ? null : 100 * s.genrmWinRate,
    human: s.humanWinRate === null ? null : 100 * s.humanWinRate,
    gold: s.goldWinRate === null ? null : 100 * s.goldWinRate,
    labels: s.humanLabels,
  }));
  return (
    <ComposedChart responsive style={{ width: "100%", height: 260 }} data={data} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
      <YAxis domain={[0, 100]} width={40} label={{ value: "win-rate %", angle: -90, position: "insideLeft" }} />
      <Tooltip formatter={(v, name) => (typeof v === "number" && name !== "labels" ? `${v.toFixed(1)} %` : String(v))} labelFormatter={(s) => `step ${s}`} />
      <Legend />
      <Line dataKey="genrm" name="GenRM win-rate (labelled rollouts)" stroke="#2563eb" connectNulls isAnimationActive={false} />
      <Line dataKey="human" name="human win-rate (same rollouts)" stroke="#ea580c" connectNulls isAnimationActive={false} className="human-series" />
      <Scatter dataKey="human" name="human-labelled step" fill="#ea580c" legendType="none" isAnimationActive={false} className="human-points" />
      <Line dataKey="gold" name="gold judge win-rate" stroke="#16a34a" strokeDasharray="4 3" dot={false} connectNulls isAnimationActive={false} />
      {alerts
        .filter((a) => a.detector === "human_divergence")
        .map((a) => (
          <ReferenceLine key={a.id} x={a.step} stroke={ALERT_COLOR} strokeDasharray="2 2" className="alert-marker" label={{ value: "⚠ humans disagree", fill: ALERT_COLOR, fontSize: 11, position: "top" }} />
        ))}
    </ComposedChart>
  );
}
