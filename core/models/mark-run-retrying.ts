/** A training run whose attempt failed but will be retried: back to "queued", saying why and which attempt. */
import { db } from "../db/client";

export async function markRunRetrying(trainingRunId: string, note: string) {
  await db().trainingRun.update({ where: { id: trainingRunId }, data: { status: "queued", error: note } });
}
