import { getQueueStatus } from "@core/status/get-queue-status";
import { route } from "@/lib/http";

export const GET = route({ name: "status" }, async ({ actor }) => getQueueStatus(actor!));
