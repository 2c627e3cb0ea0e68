/**
 * Turns active labelling on for a dataset (or changes it) and fills the queue at once; `null` turns it
 * off (the comparisons already chosen stay in the queue). Researchers, or a `data:write` key.
 */
import type { Actor } from "../../auth/actor";
import { db, Prisma } from "../../db/client";
import { findDatasetOr404, requireDataManager } from "../access";
import { refreshUncertainComparisons, type RefreshResult } from "./refresh-uncertain";
import { activeLabellingInput, type ActiveLabellingInput } from "./settings";

export async function setActiveLabelling(actor: Actor, datasetId: string, input: ActiveLabellingInput | null): Promise<{ activeLabelling: unknown; refresh: RefreshResult | null }> {
  requireDataManager(actor);
  const cfg = input === null ? null : activeLabellingInput.parse(input);
  await findDatasetOr404(datasetId, actor);
  await db().dataset.update({ where: { id: datasetId }, data: { activeLabelling: cfg === null ? Prisma.DbNull : (cfg as Prisma.InputJsonValue) } });
  return { activeLabelling: cfg, refresh: cfg === null ? null : await refreshUncertainComparisons(datasetId) };
}
