/**
 * A run's most recent stored rollouts (the samples the trainer reported with its last steps), with the
 * reference each prompt is judged against now and the padding the policy was seen to write
 * (run-padding.ts), and each rollout's padded copy: the one source of the diagnosis (diagnose-run.ts)
 * and of the recalibration's run probe (evaluate-version.ts), so both measure the same thing.
 */
import { createHash } from "node:crypto";
import { db } from "../../db/client";
import { resolveReferences } from "../../genrm-service/resolve-references";
import { renderJudgePrompt } from "../../../genrm/template";
import { applyPadding, harvestPaddings, paddingFor, type Padding } from "./run-padding";

/** Steps read back from the newest. */
const RECENT_STEPS = 20;

/**
 * Words added after a rollout when the run shows no padding of its own: short, content-free, and placed
 * after the answer so that nothing the rollout says moves. Short on purpose: a judge with a small
 * reading window must still SEE them, or "no reward for them" would only mean "not read".
 */
export const FALLBACK_SUFFIX = " I hope this helps.";

export interface RecentRollout {
  prompt: string;
  response: string;
  reward: number;
  length: number;
  correct: number | null;
}

export interface PaddedRollout {
  prompt: string;
  reference: string;
  original: string;
  /** padded the way the policy pads (the short closer when no padding of its own was found) */
  padded: string;
  /** with the short closer added, whatever the policy does */
  withCloser: string;
  /** as the trainer reported it (null: not reported) */
  correct: number | null;
}

export interface RecentRollouts {
  /** every stored sample of the recent steps, newest step first */
  samples: RecentRollout[];
  /** the run's own padding, most widespread first (empty: none seen) */
  paddings: Padding[];
  /** distinct rollouts with a reference, each with its padded copy, the ones the judge reads in full first */
  padded: PaddedRollout[];
}

async function recentSamples(runId: string): Promise<RecentRollout[]> {
  const steps = await db().rlStep.findMany({ where: { runId }, orderBy: { step: "desc" }, take: RECENT_STEPS, select: { id: true } });
  const rows = await db().rolloutSample.findMany({
    where: { stepId: { in: steps.map((s) => s.id) } },
    select: { prompt: true, response: true, reward: true, length: true, correct: true, step: { select: { step: true } } },
  });
  // Newest steps first, then a stable order within a step.
  rows.sort((a, b) => b.step.step - a.step.step || (a.prompt + a.response < b.prompt + b.response ? -1 : 1));
  return rows.map(({ step: _step, ...s }) => s);
}

/** The padding the run's policy was seen to write in its recent steps (empty: none seen). */
export async function runPaddings(runId: string): Promise<Padding[]> {
  return harvestPaddings(await recentSamples(runId));
}

/** The judge reads the whole candidate (undefined budget: no window, always). */
function fullyRead(prompt: string, reference: string, candidate: string, maxBytes: number | undefined): boolean {
  if (maxBytes === undefined) return true;
  const r = renderJudgePrompt({ prompt, reference, candidate }, { maxBytes });
  return r.includes(`### Candidate\n${candidate}\n### Verdict`);
}

/**
 * Up to `max` padded rollouts: those whose padded copy a judge with this prompt budget reads in full,
 * or all of them when fewer than min(max, 32) qualify.
 */
export async function recentRollouts(runId: string, opts: { maxBytes?: number; max: number }): Promise<RecentRollouts> {
  const samples = await recentSamples(runId);
  const paddings = harvestPaddings(samples);
  const refs = await resolveReferences([...new Set(samples.map((s) => s.prompt))]);
  const seen = new Set<string>();
  const all: PaddedRollout[] = [];
  for (const s of samples) {
    const reference = refs.get(s.prompt)?.text;
    const key = JSON.stringify([s.prompt, s.response]);
    if (!reference || !s.response.trim() || seen.has(key)) continue;
    seen.add(key);
    const padding = paddingFor(s.response, paddings);
    all.push({ prompt: s.prompt, reference, original: s.response, padded: padding ? applyPadding(s.response, padding) : s.response + FALLBACK_SUFFIX, withCloser: s.response + FALLBACK_SUFFIX, correct: s.correct });
  }
  const visible = all.filter((r) => fullyRead(r.prompt, r.reference, r.padded, opts.maxBytes));
  return { samples, paddings, padded: (visible.length >= Math.min(opts.max, 32) ? visible : all).slice(0, opts.max) };
}

/**
 * The run's prompts split in two by a hash of their text; the run probe measures on one half, leaving
 * the other free for training on the run's rollouts without the probe scoring what a candidate was
 * trained on (rollouts of one prompt share answers and padding).
 */
export function isProbePrompt(prompt: string): boolean {
  return createHash("sha256").update(`probe-half:${prompt}`).digest()[0]! % 2 === 0;
}
