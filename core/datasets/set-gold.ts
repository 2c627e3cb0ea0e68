/**
 * Makes a comparison a gold item with a known answer (or stops it being one) — e.g. after adjudicating
 * a disagreement. Gold answers feed annotators' gold accuracy and trust scores.
 */
import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { findDatasetOr404, requireDataManager } from "./access";

export const setGoldInput = z.object({
  isGold: z.boolean({ error: "isGold must be true or false" }),
  goldVerdict: z.enum(["a", "b", "tie", "better", "same", "worse"], { error: "goldVerdict must be a, b or tie (pairwise) / better, same or worse (vs reference)" }).optional(),
});

const VALID = { pairwise: ["a", "b", "tie"], vs_reference: ["better", "same", "worse"] } as const;

export async function setGold(actor: Actor, datasetId: string, comparisonId: string, input: z.input<typeof setGoldInput>) {
  requireDataManager(actor);
  await findDatasetOr404(datasetId, actor);
  const data = setGoldInput.parse(input);
  const c = await db().comparison.findFirst({ where: { id: comparisonId, datasetId }, select: { id: true, mode: true } });
  if (!c) throw notFound("Comparison");
  if (data.isGold) {
    const ok = VALID[c.mode] as readonly string[];
    if (!data.goldVerdict || !ok.includes(data.goldVerdict)) {
      throw new AppError("Invalid", `goldVerdict must be one of ${ok.join(", ")} for a ${c.mode} comparison`, { field: "goldVerdict" });
    }
  }
  return db().comparison.update({
    where: { id: c.id },
    data: { isGold: data.isGold, goldVerdict: data.isGold ? data.goldVerdict! : null },
    select: { id: true, isGold: true, goldVerdict: true, mode: true },
  });
}
