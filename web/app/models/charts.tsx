"use client";
/**
 * The model pages' charts. Reliability: "when the judge says it is 80 % sure, is it right 80 % of the
 * time?" Loss curve: "is it still learning, and is validation following training?" Length probe:
 * "does padding an answer with filler buy it reward?"
 */
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from "recharts";

export interface ReliabilitySeries {
  name: string;
  color: string;
  bins: Array<{ lo: number; hi: number; count: number; confidence: number | null; accuracy: number | null }>;
}

export function ReliabilityChart({ series }: { series: ReliabilitySeries[] }) {
  // One row per bin midpoint; each series contributes its accuracy (null where the bin is empty).
  const rows = (series[0]?.bins ?? []).map((b, i) => {
    const row: Record<string, number | null> = { mid: (b.lo + b.hi) / 2, ideal: (b.lo + b.hi) / 2 };
    for (const s of series) {
      const sb = s.bins[i];
      row[s.name] = sb && sb.count > 0 ? sb.accuracy : null;
      row[`${s.name} n`] = sb?.count ?? 0;
    }
    return row;
  });
  return (
    <div data-testid="reliability-chart">
      <ComposedChart responsive style={{ width: "100%", maxWidth: 560, height: 300 }} data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="mid" type="number" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} label={{ value: "judge confidence (max probability)", position: "insideBottom", offset: -8 }} />
        <YAxis domain={[0, 1]} width={44} label={{ value: "accuracy", angle: -90, position: "insideLeft" }} />
        <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(3) : String(v))} labelFormatter={(x) => `confidence ≈ ${Number(x).toFixed(2)}`} />
        <Legend verticalAlign="top" />
        <Line dataKey="ideal" name="perfect calibration" stroke="#94a3b8" strokeDasharray="4 4" dot={false} isAnimationActive={false} />
        {series.map((s) => (
          <Line key={s.name} dataKey={s.name} name={s.name} stroke={s.color} connectNulls dot={{ r: 4 }} isAnimationActive={false} />
        ))}
      </ComposedChart>
    </div>
  );
}

export function BinCounts({ series }: { series: ReliabilitySeries[] }) {
  const rows = (series[0]?.bins ?? []).map((b, i) => {
    const row: Record<string, number | string> = { bin: `${b.lo.toFixed(1)}–${b.hi.toFixed(1)}` };
    for (const s of series) row[s.name] = s.bins[i]?.count ?? 0;
    return row;
  });
  return (
    <BarChart responsive style={{ width: "100%", maxWidth: 560, height: 140 }} data={rows} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
      <XAxis dataKey="bin" tick={{ fontSize: 10 }} />
      <YAxis width={44} allowDecimals={false} />
      <Tooltip />
      {series.map((s) => <Bar key={s.name} dataKey={s.name} name={`${s.name} (cases)`} fill={s.color} isAnimationActive={false} />)}
    </BarChart>
  );
}

export interface LossPoint {
  step: number;
  loss?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export function LossCurve({ points }: { points: LossPoint[] }) {
  if (points.length === 0) return <p className="text-sm text-slate-500" data-testid="loss-curve-empty">No steps yet — the curve appears with the trainer&apos;s first progress line.</p>;
  return (
    <div data-testid="loss-curve">
      <ComposedChart responsive style={{ width: "100%", height: 300 }} data={points} margin={{ top: 8, right: 8, left: 0, bottom: 16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} label={{ value: "step", position: "insideBottom", offset: -8 }} />
        <YAxis yAxisId="loss" width={48} label={{ value: "loss", angle: -90, position: "insideLeft" }} />
        <YAxis yAxisId="acc" orientation="right" domain={[0, 1]} width={40} />
        <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${s}`} />
        <Legend verticalAlign="top" />
        <ReferenceLine yAxisId="loss" y={Math.log(3)} stroke="#cbd5e1" strokeDasharray="2 4" label={{ value: "chance (ln 3)", fontSize: 10, fill: "#94a3b8", position: "insideTopRight" }} />
        <Line yAxisId="loss" dataKey="loss" name="training loss" stroke="#0f172a" dot={false} connectNulls isAnimationActive={false} />
        <Scatter yAxisId="loss" dataKey="valLoss" name="validation loss" fill="#dc2626" isAnimationActive={false} />
        <Line yAxisId="acc" dataKey="valAccuracy" name="validation accuracy" stroke="#16a34a" connectNulls dot isAnimationActive={false} />
      </ComposedChart>
    </div>
  );
}

export interface ProbeBar {
  name: string;
  better: number;
  same: number;
  worse: number;
}

export function LengthProbeChart({ bars }: { bars: ProbeBar[] }) {
  const rows = bars.map((b) => ({ name: b.name, "padded judged better": 100 * b.better, "judged the same": 100 * b.same, "padded judged worse": 100 * b.worse }));
  return (
    <div data-testid="length-probe-chart">
      <BarChart responsive layout="vertical" style={{ width: "100%", maxWidth: 560, height: 60 + 40 * bars.length }} data={rows} margin={{ top: 4, right: 16, left: 8, bottom: 0 }}>
        <XAxis type="number" domain={[0, 100]} unit=" %" />
        <YAxis type="category" dataKey="name" width={90} />
        <Tooltip formatter={(v) => (typeof v === "number" ? `${v.toFixed(1)} %` : String(v))} />
        <Legend verticalAlign="top" />
        <Bar dataKey="padded judged better" stackId="s" fill="#dc2626" isAnimationActive={false} />
        <Bar dataKey="judged the same" stackId="s" fill="#16a34a" isAnimationActive={false} />
        <Bar dataKey="padded judged worse" stackId="s" fill="#94a3b8" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
