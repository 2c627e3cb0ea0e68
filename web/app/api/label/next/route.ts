import { nextAssignment, nextAssignmentInput } from "@core/labelling/next-assignment";
import { route } from "@/lib/http";

// POST: it leases work (a state change), so it is never cached or prefetched.
export const POST = route({ body: nextAssignmentInput, name: "label.next" }, async ({ actor, body }) => nextAssignment(actor!, body));
