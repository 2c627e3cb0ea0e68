/** Tunes a run's automation and detectors (owner or admin). The detectors re-run over the history. */
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { db, Prisma } from "../db/client";
import { effectiveDetectorConfig, detectorConfigInput } from "./detector-config";
import { humanSampleRateInput } from "./human-checks/sample-rate";
import { loadRunForController } from "./run-access";
import { runDetectors } from "./run-detectors";

export const updateRunSettingsInput = z
  .object({
    autoPause: z.boolean().optional(),
    autoRecalibrate: z.boolean().optional(),
    /** share of each new step's reported rollouts sent to blind human checks (0 = off) */
    humanSampleRate: humanSampleRateInput.optional(),
    /** replaces the run's whole override (send {} for the defaults) */
    detectorConfig: detectorConfigInput.optional(),
  })
  .strict();

export async function updateRunSettings(actor: Actor | null, runId: string, input: z.input<typeof updateRunSettingsInput>) {
  const { run } = await loadRunForController(actor, runId);
  const data = updateRunSettingsInput.parse(input);
  if (data.detectorConfig) effectiveDetectorConfig(data.detectorConfig);
  const updated = await db().rlRun.update({
    where: { id: run.id },
    data: {
      autoPause: data.autoPause,
      autoRecalibrate: data.autoRecalibrate,
      humanSampleRate: data.humanSampleRate,
      detectorConfig: data.detectorConfig as Prisma.InputJsonValue | undefined,
    },
  });
  const fresh = await runDetectors(run.id);
  return {
    autoPause: updated.autoPause,
    autoRecalibrate: updated.autoRecalibrate,
    humanSampleRate: updated.humanSampleRate,
    detectorConfig: updated.detectorConfig,
    newAlerts: fresh.length,
  };
}
