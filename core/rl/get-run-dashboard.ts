/**
 * Everything the run dashboard draws, in one read: per-step series (length, reward, accuracy, the
 * reward–length correlations, LC win rate, the probe of the version in use), alerts with the
 * threshold they crossed, the samples of one chosen step for the scatter, and the timeline.
 */
import { DEFAULT_DETECTOR_CONFIG } from "../../monitoring/index";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { effectiveDetectorConfig } from "./detector-config";
import { controlOf } from "./get-run-control";
import { getRunTimeline } from "./get-run-timeline";
import { humanChecksByStep } from "./human-checks/human-check-stats";
import { probesForModels } from "./model-probes";
import { canControlRun, loadRunForReader } from "./run-access";
import type { LcStat } from "./step-derived";
import { toSummary } from "./step-derived";
import { alertWithStatus } from "./alert-shape";

export interface StepPoint {
  step: number;
  lengthMean: number;
  lengthP50: number | null;
  lengthP90: number;
  rewardMean: number;
  rewardStd: number | null;
  accuracy: number | null;
  pearson: number | null;
  spearman: number | null;
  partial: number | null;
  samples: number;
  lcWinRate: number | null;
  rawWinRate: number | null;
  model: string | null;
  probeCorr: number | null;
  probeLongerBetter: number | null;
  /** share of sampled rollouts that loop, and their mean repeated 4-gram share (null: not scored) */
  loopingShare: number | null;
  repeatedShare: number | null;
  /** on the rollouts humans labelled this step: the GenRM's and the humans' win-rate vs the reference */
  genrmWinRate: number | null;
  humanWinRate: number | null;
  humanLabels: number;
  /** the trainer's gold-judge win rate, when reported */
  goldWinRate: number | null;
}

export async function getRunDashboard(actor: Actor | null, runId: string, opts: { step?: number } = {}) {
  const run = await loadRunForReader(actor, runId);
  const [owner, rows, alerts, timeline, control, human, queued] = await Promise.all([
    db().user.findUnique({ where: { id: run.ownerId }, select: { email: true } }),
    db().rlStep.findMany({
      where: { runId: run.id },
      orderBy: { step: "asc" },
      select: { step: true, metrics: true, derived: true, modelId: true, model: { select: { name: true } }, _count: { select: { samples: true } } },
    }),
    db().biasAlert.findMany({ where: { runId: run.id }, orderBy: [{ step: "asc" }, { detector: "asc" }] }),
    getRunTimeline(run.id),
    controlOf(run),
    humanChecksByStep(run.id),
    db().rolloutSample.count({ where: { step: { runId: run.id }, comparisonId: { not: null } } }),
  ]);
  const modelIds = [...new Set(rows.map((r) => r.modelId).filter((m): m is string => !!m))];
  const probes = await probesForModels(modelIds);
  const steps: StepPoint[] = rows.map((r) => {
    const m = r.metrics as Record<string, number | null>;
    const s = toSummary(r.derived);
    const lc = (r.derived as { lc?: LcStat }).lc;
    const probe = r.modelId ? probes.get(r.modelId) : undefined;
    return {
      step: r.step,
      lengthMean: m.length_mean ?? 0,
      lengthP50: m.length_p50 ?? null,
      lengthP90: m.length_p90 ?? 0,
      rewardMean: m.reward_mean ?? 0,
      rewardStd: m.reward_std ?? null,
      accuracy: m.accuracy ?? m.gold_win_rate ?? null,
      pearson: s?.pearson.value ?? null,
      spearman: s?.spearman.value ?? null,
      partial: s?.partial.value ?? null,
      samples: r._count.samples,
      lcWinRate: lc?.value ?? null,
      rawWinRate: lc?.raw ?? null,
      model: r.model?.name ?? null,
      probeCorr: probe?.corr ?? null,
      probeLongerBetter: probe?.longerBetterShare ?? null,
      loopingShare: s?.repetition?.loopingShare ?? null,
      repeatedShare: s?.repetition?.meanRepeatedShare ?? null,
      genrmWinRate: human.get(r.step)?.genrmWinRate ?? null,
      humanWinRate: human.get(r.step)?.humanWinRate ?? null,
      humanLabels: human.get(r.step)?.labels ?? 0,
      goldWinRate: typeof m.gold_win_rate === "number" ? m.gold_win_rate : null,
    };
  });
  // The scatter's step: the one asked for (when the run has it), else the first alert's, else the last.
  const asked = opts.step !== undefined && rows.some((r) => r.step === opts.step) ? opts.step : undefined;
  const scatterStep = asked ?? alerts[0]?.step ?? rows.at(-1)?.step ?? null;
  const scatter =
    scatterStep === null
      ? []
      : await db().rolloutSample.findMany({
          where: { step: { runId: run.id, step: scatterStep } },
          select: { id: true, length: true, reward: true, correct: true, prompt: true, response: true },
          take: 1024,
        });
  let config;
  try {
    config = effectiveDetectorConfig(run.detectorConfig);
  } catch {
    config = DEFAULT_DETECTOR_CONFIG;
  }
  return {
    run: {
      id: run.id,
      name: run.name,
      policy: run.policy,
      owner: owner?.email ?? "",
      autoPause: run.autoPause,
      autoRecalibrate: run.autoRecalibrate,
      detectorConfig: run.detectorConfig,
      createdAt: run.createdAt.toISOString(),
      humanSampleRate: run.humanSampleRate,
      humanDatasetId: run.humanDatasetId,
    },
    humanChecks: {
      /** rollouts sent to the queue so far, and how many labels came back */
      queued,
      labels: [...human.values()].reduce((a, h) => a + h.labels, 0),
    },
    control,
    canControl: actor ? canControlRun(actor, run) : false,
    config,
    steps,
    alerts: alerts.map((a) => ({ ...alertWithStatus(a), createdAt: a.createdAt.toISOString() })),
    scatter: {
      step: scatterStep,
      /** the step asked for did not exist */
      missing: opts.step !== undefined && asked === undefined ? opts.step : null,
      points: scatter.map((p) => ({
        id: p.id,
        length: p.length,
        reward: p.reward,
        correct: p.correct,
        // a preview for the tooltip; full texts stay on the server
        preview: p.response.slice(0, 160),
      })),
    },
    timeline,
  };
}

export type RunDashboard = Awaited<ReturnType<typeof getRunDashboard>>;
