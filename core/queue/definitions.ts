/**
 * The registry of job definitions: name -> {queue, payload schema}. Handlers live in workers/handlers
 * and are bound to these names in workers/registry.ts. Payloads carry ids, never secrets or big data.
 *
 * Queues: "default" for short jobs; "train" for CPU-heavy training/evaluation (concurrency 1).
 */
import { z } from "zod";

export const QUEUES = ["default", "train"] as const;
export type QueueName = (typeof QUEUES)[number];

const id = z.string().min(1).max(64);

export const JOB_DEFINITIONS = {
  /** The queue's own end-to-end check: records one JobEffect row per job id, exactly once. */
  "system.selfcheck": {
    queue: "default",
    schema: z.object({ note: z.string().max(200).default(""), sleepMs: z.number().int().min(0).max(600_000).default(0) }),
  },
  "dataset.import": { queue: "default", schema: z.object({ importId: id }) },
  "genrm.train": { queue: "train", schema: z.object({ trainingRunId: id }) },
  "genrm.evaluate": { queue: "train", schema: z.object({ evaluationId: id }) },
  "tournament.run": { queue: "default", schema: z.object({ tournamentRunId: id }) },
  "rl.recalibrate": { queue: "train", schema: z.object({ recalibrationId: id }) },
  /** active labelling: re-score candidates under the active GenRM and top the dataset's queue up */
  "labelling.refresh-uncertain": { queue: "default", schema: z.object({ datasetId: id }) },
} as const satisfies Record<string, { queue: QueueName; schema: z.ZodType }>;

export type JobName = keyof typeof JOB_DEFINITIONS;
export type JobPayload<N extends JobName> = z.input<(typeof JOB_DEFINITIONS)[N]["schema"]>;
export type JobData<N extends JobName> = z.output<(typeof JOB_DEFINITIONS)[N]["schema"]>;

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOB_DEFINITIONS, name);
}
