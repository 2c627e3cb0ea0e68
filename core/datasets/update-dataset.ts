/** Edits a dataset's name, description, guidelines (shown to annotators), gold rate and lease length. */
import { z } from "zod";
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "./access";
import { datasetSettingsShape } from "./create-dataset";

export const updateDatasetInput = z
  .object({
    name: datasetSettingsShape.name.optional(),
    description: datasetSettingsShape.description.optional(),
    guidelines: datasetSettingsShape.guidelines.optional(),
    goldRate: datasetSettingsShape.goldRate.optional(),
    leaseSeconds: datasetSettingsShape.leaseSeconds.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "nothing to change: send name, description, guidelines, goldRate or leaseSeconds" });

export async function updateDataset(actor: Actor, id: string, input: z.input<typeof updateDatasetInput>) {
  requireDataManager(actor);
  const data = updateDatasetInput.parse(input);
  await findDatasetOr404(id, actor);
  return db().dataset.update({ where: { id }, data });
}
