/**
 * Prompts a simulated policy can answer against the real judge: prompts that have a current reference
 * (tournament winner, import or override), each with the reference and another answer to seed the fake
 * policy's content, from the datasets the actor may see (core/auth/owner-scope). Newest references
 * first; at most `limit`.
 */
import { requireResearcherOrScope, type Actor } from "../../auth/actor";
import { createdByScope } from "../../auth/owner-scope";
import { db } from "../../db/client";
import type { PromptSource } from "../../../monitoring/index";

export interface SimulationPrompt extends PromptSource {
  reference: string;
}

export async function listSimulationPrompts(actor: Actor | null, limit = 200): Promise<SimulationPrompt[]> {
  const who = requireResearcherOrScope(actor, "runs:write");
  const refs = await db().reference.findMany({
    where: { prompt: { dataset: createdByScope(who) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    distinct: ["promptId"],
    take: Math.min(Math.max(1, limit), 1000),
    select: {
      responseId: true,
      response: { select: { text: true } },
      prompt: { select: { text: true, responses: { select: { id: true, text: true }, orderBy: { id: "asc" }, take: 8 } } },
    },
  });
  return refs.map((r) => {
    const other = r.prompt.responses.find((x) => x.id !== r.responseId && x.text.trim());
    return { prompt: r.prompt.text, reference: r.response.text, response: other?.text ?? r.response.text };
  });
}
