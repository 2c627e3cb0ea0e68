/**
 * Tournaments' undecided prompts as material for the "where the GenRM is unsure" labelling strategy:
 * the newest undecided, not yet overridden tournaments, each with its entrants' answers and the prompt's
 * current reference (when one exists the strategy asks for answer-vs-reference labels, else pairs).
 */
import { db } from "../db/client";
import type { UndecidedPrompt } from "../datasets/active/sources";
import { getCurrentReferences } from "./get-current-references";

export async function undecidedPromptsForLabelling({ limit }: { limit: number }): Promise<UndecidedPrompt[]> {
  const tournaments = await db().$queryRaw<{ promptId: string; entrants: string[]; finishedAt: Date | null }[]>`
    SELECT "promptId", entrants, "finishedAt" FROM "Tournament"
     WHERE status = 'succeeded' AND standings->>'undecided' = 'true'
     ORDER BY "finishedAt" DESC NULLS LAST, id LIMIT ${Math.max(1, Math.min(limit, 500))}`;
  if (tournaments.length === 0) return [];
  const promptIds = [...new Set(tournaments.map((t) => t.promptId))];
  const [prompts, responses, references] = await Promise.all([
    db().prompt.findMany({ where: { id: { in: promptIds } }, select: { id: true, text: true } }),
    db().response.findMany({ where: { id: { in: tournaments.flatMap((t) => t.entrants) } }, select: { id: true, model: true, text: true } }),
    getCurrentReferences(promptIds),
  ]);
  const promptText = new Map(prompts.map((p) => [p.id, p.text]));
  const response = new Map(responses.map((r) => [r.id, r]));
  const refResponses = await db().response.findMany({ where: { id: { in: [...references.values()].map((r) => r.responseId) } }, select: { id: true, model: true, text: true } });
  const refById = new Map(refResponses.map((r) => [r.id, r]));
  const out: UndecidedPrompt[] = [];
  const seen = new Set<string>();
  for (const t of tournaments) {
    if (seen.has(t.promptId)) continue;
    seen.add(t.promptId);
    const ref = references.get(t.promptId);
    // A researcher's override newer than the tournament settled the prompt: nothing left to ask.
    if (ref?.source === "override" && (!t.finishedAt || ref.createdAt >= t.finishedAt)) continue;
    const text = promptText.get(t.promptId);
    if (text === undefined) continue;
    // A reference the (undecided) tournament chose itself is what is in doubt: ask for pairs instead.
    const refRow = ref && ref.source !== "tournament" ? refById.get(ref.responseId) : undefined;
    out.push({
      prompt: text,
      answers: t.entrants.flatMap((id) => {
        const r = response.get(id);
        return r && r.id !== refRow?.id ? [{ text: r.text, model: r.model }] : [];
      }),
      reference: refRow ? { text: refRow.text, model: refRow.model } : undefined,
    });
  }
  return out;
}
