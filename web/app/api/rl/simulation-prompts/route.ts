/** Prompts with a current reference, for `npm run simulate:rl` (researchers, or a `runs:write` key). */
import { listSimulationPrompts } from "@core/rl/simulation/list-simulation-prompts";
import { route } from "@/lib/http";

export const GET = route({ name: "rl.simulation-prompts" }, async ({ actor, url }) => {
  const limit = Number(url.searchParams.get("limit") ?? 200);
  return { prompts: await listSimulationPrompts(actor, Number.isFinite(limit) ? limit : 200) };
});
