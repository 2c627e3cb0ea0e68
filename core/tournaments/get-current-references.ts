/**
 * A prompt's current reference is its newest Reference row (the table is a history, never updated).
 * The judge API reads the same rule; this is the tournaments side's reader for pages and stats.
 */
import { db } from "../db/client";

export interface CurrentReference {
  id: string;
  promptId: string;
  responseId: string;
  source: string;
  tournamentId: string | null;
  reason: string | null;
  setBy: { id: string; name: string; email: string } | null;
  createdAt: Date;
}

export async function getCurrentReferences(promptIds: readonly string[]): Promise<Map<string, CurrentReference>> {
  const out = new Map<string, CurrentReference>();
  if (promptIds.length === 0) return out;
  const rows = await db().reference.findMany({
    where: { promptId: { in: [...promptIds] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { setBy: { select: { id: true, name: true, email: true } } },
  });
  for (const r of rows) if (!out.has(r.promptId)) out.set(r.promptId, r);
  return out;
}
