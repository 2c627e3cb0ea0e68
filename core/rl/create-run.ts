/**
 * A trainer (API key with `runs:write`) or a researcher registers an RL run: its name, the policy being
 * trained and the GenRM version it is judged by (default: the active one). The run is owned by the
 * key's user; `autoPause`/`autoRecalibrate` say what the detectors may do on their own.
 */
import { z } from "zod";
import { requireResearcherOrScope, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { effectiveDetectorConfig, detectorConfigInput } from "./detector-config";
import { controlOf } from "./get-run-control";
import { humanSampleRateInput } from "./human-checks/sample-rate";
import { resolveServingModel } from "../genrm-service/resolve-model";

export const createRunInput = z
  .object({
    name: z.string().trim().min(1, "name is required").max(200),
    policy: z.string().trim().max(200).default(""),
    model: z.union([z.string().trim().min(1).max(100), z.number().int().min(0)]).optional(),
    autoPause: z.boolean().default(true),
    autoRecalibrate: z.boolean().default(false),
    /** share of each step's reported rollouts sent to blind human checks against the reference */
    humanSampleRate: humanSampleRateInput.default(0),
    detectorConfig: detectorConfigInput.default({}),
  })
  .strict();

export async function createRun(actor: Actor | null, input: z.input<typeof createRunInput>) {
  const who = requireResearcherOrScope(actor, "runs:write");
  const data = createRunInput.parse(input);
  effectiveDetectorConfig(data.detectorConfig);
  // Named: must be servable (the judge will be asked to use it). Unnamed: the active version, if any.
  const model =
    data.model !== undefined
      ? await resolveServingModel(data.model)
      : await db().genrmModel.findFirst({ where: { status: "active" }, orderBy: { version: "desc" } });
  const run = await db().rlRun.create({
    data: {
      name: data.name,
      policy: data.policy,
      ownerId: who.userId,
      apiKeyId: who.kind === "apiKey" ? who.keyId : null,
      modelId: model?.id ?? null,
      autoPause: data.autoPause,
      autoRecalibrate: data.autoRecalibrate,
      humanSampleRate: data.humanSampleRate,
      detectorConfig: data.detectorConfig,
      controlReason: "",
    },
  });
  return { run: publicRun(run, model?.name ?? null), control: await controlOf(run) };
}

export function publicRun(
  run: { id: string; name: string; policy: string; createdAt: Date; autoPause: boolean; autoRecalibrate: boolean; detectorConfig: unknown; humanSampleRate?: number; humanDatasetId?: string | null },
  modelName: string | null,
) {
  return {
    id: run.id,
    name: run.name,
    policy: run.policy,
    model: modelName,
    autoPause: run.autoPause,
    autoRecalibrate: run.autoRecalibrate,
    humanSampleRate: run.humanSampleRate ?? 0,
    humanDatasetId: run.humanDatasetId ?? null,
    detectorConfig: run.detectorConfig,
    createdAt: run.createdAt.toISOString(),
  };
}
