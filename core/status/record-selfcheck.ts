/** The queue self-check's effect: one JobEffect row per job id, written at most once (idempotent). */
import { db } from "../db/client";

export async function recordSelfcheckEffect(jobId: string, name: string, note: string) {
  const effect = await db().jobEffect.upsert({
    where: { jobId },
    create: { jobId, name, data: { note, pid: process.pid } },
    update: {},
  });
  return { effectId: effect.id };
}
