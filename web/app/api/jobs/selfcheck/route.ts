import { enqueueSelfcheck, enqueueSelfcheckInput } from "@core/status/enqueue-selfcheck";
import { route } from "@/lib/http";

export const POST = route({ body: enqueueSelfcheckInput, name: "jobs.selfcheck" }, async ({ actor, body }) => {
  const job = await enqueueSelfcheck(actor!, body);
  return Response.json(job, { status: 202 });
});
