"use client";
/**
 * Charts that answer the researcher's questions: whom to trust (gold accuracy vs agreement), who leans
 * to a side or to longer answers, how verdicts split, and whether labels are rushed.
 */
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";

interface A {
  name: string;
  labels: number;
  goldAccuracy: number | null;
  agreement: number | null;
  leftRate: number | null;
  longerRate: number | null;
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <figure className="rounded-lg border bg-white p-3">
      <figcaption className="mb-2 text-sm font-medium">{title}</figcaption>
      <div style={{ height: 240 }}>{children}</div>
    </figure>
  );
}

const p100 = (x: number | null) => (x === null ? null : Math.round(x * 100));

export function QualityCharts({ annotators, consensus, time }: { annotators: A[]; consensus: { a: number; b: number; tie: number; noMajority: number }; time: Array<{ bin: string; labels: number }> }) {
  const trust = annotators.map((a) => ({ name: a.name, gold: p100(a.goldAccuracy), agreement: p100(a.agreement) }));
  const bias = annotators.filter((a) => a.leftRate !== null && a.longerRate !== null).map((a) => ({ name: a.name, left: p100(a.leftRate), longer: p100(a.longerRate), labels: a.labels }));
  const split = [
    { verdict: "A better", comparisons: consensus.a },
    { verdict: "B better", comparisons: consensus.b },
    { verdict: "Tie", comparisons: consensus.tie },
    { verdict: "No majority", comparisons: consensus.noMajority },
  ];
  return (
    <div className="grid gap-3 lg:grid-cols-2" data-testid="quality-charts">
      <Panel title="Whom can we trust? Gold accuracy and agreement with the others (%)">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={trust}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" fontSize={11} />
            <YAxis domain={[0, 100]} fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar dataKey="gold" name="gold accuracy" fill="#0f766e" isAnimationActive={false} />
            <Bar dataKey="agreement" name="agreement" fill="#64748b" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
      <Panel title="Who leans to a side or to longer answers? (% of decisive labels; 50 = no bias)">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="left" name="picks left side" unit="%" domain={[0, 100]} fontSize={11} />
            <YAxis type="number" dataKey="longer" name="picks longer answer" unit="%" domain={[0, 100]} fontSize={11} />
            <ZAxis type="number" dataKey="labels" range={[40, 300]} name="labels" />
            <ReferenceLine x={50} stroke="#94a3b8" />
            <ReferenceLine y={50} stroke="#94a3b8" />
            <Tooltip cursor={{ strokeDasharray: "3 3" }} />
            <Scatter data={bias} fill="#b45309" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </Panel>
      <Panel title="How do the consensus verdicts split?">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={split}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="verdict" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Bar dataKey="comparisons" fill="#1d4ed8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
      <Panel title="Are labels rushed? Time spent per label">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={time}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bin" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Bar dataKey="labels" fill="#7c3aed" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
    </div>
  );
}
