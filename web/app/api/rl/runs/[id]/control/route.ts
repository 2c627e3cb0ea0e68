/** Dashboard action: pause a run, or let it continue (owner or admin). */
import { setRunControl, setRunControlInput } from "@core/rl/set-run-control";
import { route } from "@/lib/http";

export const POST = route({ body: setRunControlInput, maxBytes: 10_000, name: "rl.runs.control" }, async ({ actor, body, params }) =>
  setRunControl(actor, params.id!, body),
);
