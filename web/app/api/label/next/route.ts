import { nextAssignment, nextAssignmentInput } from "@core/labelling/next-assignment";
import { route } from "@/lib/http";

// POST: it leases work (a state change), so it is never cached or prefetched. Uncompressed: the reply is
// a few KB of rendered answers, and gzip was the largest single CPU cost of the annotators' loop.
export const POST = route({ body: nextAssignmentInput, name: "label.next", compress: false }, async ({ actor, body }) => nextAssignment(actor!, body));
