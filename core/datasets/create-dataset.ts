/** Creates an empty dataset; prompts arrive through imports, comparisons through generate-comparisons. */
import { z } from "zod";
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { requireDataManager } from "./access";

export const datasetSettingsShape = {
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(120, "name is at most 120 characters"),
  description: z.string().trim().max(2000, "description is at most 2000 characters"),
  guidelines: z.string().max(20_000, "guidelines are at most 20,000 characters"),
  goldRate: z.number({ error: "goldRate must be a number" }).min(0, "goldRate must be between 0 and 1").max(1, "goldRate must be between 0 and 1"),
  leaseSeconds: z
    .number({ error: "leaseSeconds must be a number" })
    .int("leaseSeconds must be a whole number")
    .min(1, "leaseSeconds must be at least 1")
    .max(24 * 3600, "leaseSeconds is at most 86400 (a day)"),
};

export const createDatasetInput = z.object({
  name: datasetSettingsShape.name,
  description: datasetSettingsShape.description.default(""),
  guidelines: datasetSettingsShape.guidelines.default(""),
  goldRate: datasetSettingsShape.goldRate.default(0.1),
  leaseSeconds: datasetSettingsShape.leaseSeconds.default(600),
});
export type CreateDatasetInput = z.input<typeof createDatasetInput>;

export async function createDataset(actor: Actor, input: CreateDatasetInput) {
  const who = requireDataManager(actor);
  const data = createDatasetInput.parse(input);
  return db().dataset.create({ data: { ...data, createdById: who.userId } });
}
