/** A recalibration whose job gave up: the row says so (with the reason) instead of staying "training". */
import { db, type Prisma } from "../../db/client";

export async function markRecalibrationFailed(recalibrationId: string, reason: string) {
  const row = await db().recalibration.findUnique({ where: { id: recalibrationId }, select: { outcome: true } });
  if (!row) return;
  await db().recalibration.update({
    where: { id: recalibrationId },
    data: { status: "failed", finishedAt: new Date(), outcome: { ...((row.outcome ?? {}) as object), error: reason } as Prisma.InputJsonValue },
  });
}
