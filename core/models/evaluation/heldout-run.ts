/**
 * Which held-out labels a version is evaluated on. A version trained here: its own run's (prompts it
 * never saw). A version not trained here (a served judge) never saw any of our labels, so it is scored
 * on the same set as the version it would replace — the active version's run — else the newest
 * finished run that held labels out, so its numbers compare with the registry's.
 */
import { db } from "../../db/client";
import { AppError } from "../../errors";

export async function heldoutRunFor(model: { version: number; trainingRun: { id: string } | null }): Promise<{ id: string; own: boolean }> {
  if (model.trainingRun) return { id: model.trainingRun.id, own: true };
  const active = await db().genrmModel.findFirst({ where: { status: "active", trainingRun: { isNot: null } }, orderBy: { version: "desc" }, select: { trainingRun: { select: { id: true } } } });
  const candidates = [active?.trainingRun?.id].filter((x): x is string => !!x);
  for (const id of candidates) {
    if (await db().trainingRunLabel.count({ where: { trainingRunId: id, heldOut: true }, take: 1 })) return { id, own: false };
  }
  const newest = await db().trainingRun.findFirst({
    where: { status: "succeeded", labels: { some: { heldOut: true } } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (newest) return { id: newest.id, own: false };
  throw new AppError("Unprocessable", `GenRM v${model.version} was not trained here and no training run has held-out labels to evaluate it on yet: train a version first`);
}
