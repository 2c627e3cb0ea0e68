"use client";
/**
 * The two questions of a run page, as charts:
 * 1. Which models' answers become references, and how often (tournament picks vs human overrides)?
 * 2. Are chosen references longer than the answers they beat (a length-biased judge's smell)?
 */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { ReferenceStats } from "@core/tournaments/compute-reference-stats";

export function ReferenceShareChart({ stats }: { stats: ReferenceStats }) {
  const data = stats.models.map((m) => ({
    model: m.model,
    "won its tournament": m.wins,
    "reference (tournament)": m.references - m.overrides,
    "reference (override)": m.overrides,
    answered: m.answered,
  }));
  return (
    <figure data-testid="reference-share-chart" className="rounded-lg border bg-white p-3">
      <figcaption className="mb-2 text-sm font-medium">How often each model&apos;s answer became the reference</figcaption>
      <BarChart responsive data={data} style={{ width: "100%", height: 260 }} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="model" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} label={{ value: "prompts", angle: -90, position: "insideLeft", fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="won its tournament" fill="#94a3b8" isAnimationActive={false} />
        <Bar dataKey="reference (tournament)" stackId="ref" fill="#059669" isAnimationActive={false} />
        <Bar dataKey="reference (override)" stackId="ref" fill="#d97706" isAnimationActive={false} />
      </BarChart>
      <p className="mt-1 text-xs text-slate-500">
        {stats.withReference} of {stats.prompts} prompts have a reference. A model that answered every prompt and is best would win them all.
      </p>
    </figure>
  );
}

export function LengthChart({ stats }: { stats: ReferenceStats }) {
  const l = stats.length;
  const data = [
    { group: "all candidates", chars: round(l.candidateMeanChars) },
    { group: "tournament winners", chars: round(l.winnerMeanChars) },
    { group: "current references", chars: round(l.referenceMeanChars) },
  ];
  const ratio = l.winnerLongestExpected > 0 ? l.winnerLongest / l.winnerLongestExpected : null;
  return (
    <figure data-testid="length-chart" className="rounded-lg border bg-white p-3">
      <figcaption className="mb-2 text-sm font-medium">Are chosen references longer than the answers they beat?</figcaption>
      <BarChart responsive data={data} style={{ width: "100%", height: 260 }} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="group" tick={{ fontSize: 12 }} />
        <YAxis label={{ value: "mean characters", angle: -90, position: "insideLeft", fontSize: 12 }} />
        <Tooltip />
        <Bar dataKey="chars" name="mean characters" fill="#2563eb" isAnimationActive={false} />
      </BarChart>
      <p className="mt-1 text-xs text-slate-600" data-testid="length-smell">
        The longest answer won {l.winnerLongest} of {l.promptsCompared} tournaments; chance alone would give {l.winnerLongestExpected.toFixed(1)}
        {ratio !== null && ratio >= 1.5 && l.promptsCompared >= 5 && (
          <b className="text-amber-700"> — {ratio.toFixed(1)}× chance: check the judge for length bias.</b>
        )}
      </p>
    </figure>
  );
}

const round = (x: number | null) => (x === null ? 0 : Math.round(x));
