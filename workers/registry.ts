/** The one registry of job handlers, keyed by job name (definitions: core/queue/definitions.ts). */
import type { JobName } from "@core/queue/definitions";
import type { JobHandler } from "./define-job";
import { systemSelfcheck } from "./handlers/system-selfcheck";
import { datasetImport } from "./handlers/dataset-import";
import { tournamentRun } from "./handlers/tournament-run";
import { genrmTrain } from "./handlers/genrm-train";
import { genrmEvaluate } from "./handlers/genrm-evaluate";
import { rlRecalibrate } from "./handlers/rl-recalibrate";
import { labellingRefreshUncertain } from "./handlers/labelling-refresh-uncertain";

// Later handlers join this list; a job whose name has no handler fails loudly (see worker.ts).
const handlers: JobHandler<JobName>[] = [systemSelfcheck as JobHandler<JobName>, datasetImport as JobHandler<JobName>, tournamentRun as JobHandler<JobName>, genrmTrain as JobHandler<JobName>, genrmEvaluate as JobHandler<JobName>, rlRecalibrate as JobHandler<JobName>, labellingRefreshUncertain as JobHandler<JobName>];

export const registry = new Map<string, JobHandler<JobName>>(handlers.map((h) => [h.name, h]));
