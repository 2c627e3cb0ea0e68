/** What the researcher's status page shows: queue depths, recent failures, live workers, npm start's processes. */
import { requireRole, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { QUEUES } from "../queue/definitions";
import { queue } from "../queue/queues";
import { readHeartbeats } from "../queue/heartbeat";
import { redis } from "../queue/redis";
import { readPlatformProcesses } from "./platform-processes";

export async function getQueueStatus(actor: Actor) {
  requireRole(actor, "researcher");
  try {
    const queues = await Promise.all(
      QUEUES.map(async (name) => {
        const q = queue(name);
        const counts = await q.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
        const failed = await q.getFailed(0, 19);
        return {
          name,
          counts,
          failed: failed.map((j) => ({
            id: j.id,
            name: j.name,
            reason: j.failedReason,
            attemptsMade: j.attemptsMade,
            finishedOn: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      }),
    );
    const workers = await readHeartbeats(redis());
    const platform = await readPlatformProcesses(redis());
    return { redis: "up" as const, queues, workers, ...platform };
  } catch (error) {
    if (error instanceof AppError) throw error;
    return { redis: "down" as const, error: (error as Error).message, queues: [], workers: [], processes: [], events: [] };
  }
}
