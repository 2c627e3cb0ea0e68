/** A version's held-out evaluation: headline numbers, confusion matrix, reliability and length probe. */
import type { EvalMetrics } from "@core/models/evaluation/run-evaluation";
import { ConfusionMatrix } from "./confusion-matrix";
import { BinCounts, LengthProbeChart, ReliabilityChart } from "./charts";
import { Section, Stat, num, pct } from "./ui";

export function EvaluationView({ m, version }: { m: EvalMetrics; version: number }) {
  const series = [{ name: `v${version}`, color: "#2563eb", bins: m.reliability }];
  const probe = m.lengthProbe;
  return (
    <div className="space-y-6" data-testid="evaluation">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat label="Held-out accuracy" value={pct(m.accuracy)} hint={`${m.n} labels on ${m.heldoutPrompts} prompts; chance ≈ 33 %`} testId="metric-accuracy" />
        <Stat label="One order only" value={pct(m.singleOrderAccuracy)} hint="without both-order debiasing" />
        <Stat label="Swap consistency" value={pct(m.swapConsistency, 0)} hint="both orders agree" testId="metric-swap" />
        <Stat label="ECE" value={num(m.ece)} hint="calibration error (0 = calibrated)" testId="metric-ece" />
        <Stat label="Padded judged better" value={pct(probe.longerBetterShare, 0)} hint={`length probe, ${probe.n} pairs; ideal 0 %`} testId="metric-length-probe" />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Confusion matrix" question="Which verdicts does the judge confuse? (rows: human label, columns: judge)">
          <ConfusionMatrix confusion={m.confusion} />
        </Section>
        <Section title="Reliability" question="When the judge is p sure, is it right p of the time? Points on the dashed line are calibrated.">
          <ReliabilityChart series={series} />
          <BinCounts series={series} />
        </Section>
      </div>
      <Section
        title="Length probe"
        question={`Does padding an answer with content-free filler buy reward? The same ${probe.n} answers, once plain and once with ~${probe.meanAddedChars.toFixed(0)} characters of polite filler: a judge that reads content calls them "same".`}
        testId="length-probe"
      >
        <LengthProbeChart bars={[{ name: `v${version}`, better: probe.longerBetterShare, same: probe.sameShare, worse: probe.longerWorseShare }]} />
        <p className="text-sm text-slate-600">Mean reward of the padded answer against the plain one: <b>{probe.meanReward >= 0 ? "+" : ""}{probe.meanReward.toFixed(3)}</b> (0 = padding buys nothing).</p>
      </Section>
    </div>
  );
}
