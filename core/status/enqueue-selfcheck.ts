/** Lets a researcher prove the queue works end to end: web enqueues, a worker process records it. */
import { z } from "zod";
import { requireRole, type Actor } from "../auth/actor";
import { enqueueJob } from "../queue/queues";

export const enqueueSelfcheckInput = z.object({
  note: z.string().max(200, "note must be at most 200 characters").default(""),
  sleepMs: z.number({ error: "sleepMs must be a number" }).int().min(0).max(600_000).default(0),
});

export async function enqueueSelfcheck(actor: Actor, input: z.infer<typeof enqueueSelfcheckInput>) {
  requireRole(actor, "researcher");
  return enqueueJob("system.selfcheck", input);
}
