/**
 * Two versions side by side. Says whether both were evaluated on the same held-out prompts (same
 * datasets, split seed and fraction): only then are their numbers directly comparable.
 */
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { getModel, type ModelDetail } from "./get-model";

function splitKey(d: ModelDetail): string | null {
  const p = d.lineage?.params;
  if (!p) return null;
  return JSON.stringify([[...(d.lineage!.datasets.map((x) => x.id))].sort(), p.splitSeed, p.heldoutFraction]);
}

export async function compareModels(actor: Actor | null, a: string, b: string) {
  if (!a || !b) throw new AppError("Invalid", "Pick two versions to compare", { field: !a ? "a" : "b" });
  const [left, right] = await Promise.all([getModel(actor, a), getModel(actor, b)]);
  const ka = splitKey(left);
  const sameHeldout = ka !== null && ka === splitKey(right);
  return { left, right, sameHeldout };
}
