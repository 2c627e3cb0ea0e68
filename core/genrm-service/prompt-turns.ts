/**
 * A stored prompt's conversation (Prompt.turns, kept as turns by the importers, e.g. HH-RLHF dialogues)
 * as the judge's `JudgeItem.turns`, so chat judges receive turns instead of the flattened
 * "user: …\n\nassistant: …" text. Only a conversation that ends with the user's turn qualifies (what
 * the answers respond to); anything else (a plain prompt, a malformed value) gives undefined.
 */
import type { ChatTurn } from "../../genrm/types";

const ROLES = new Set(["system", "user", "assistant"]);

export function judgeTurns(stored: unknown): ChatTurn[] | undefined {
  if (!Array.isArray(stored) || stored.length < 2) return undefined;
  const turns: ChatTurn[] = [];
  for (const t of stored as Array<{ role?: unknown; content?: unknown } | null>) {
    if (!t || typeof t.content !== "string" || typeof t.role !== "string" || !ROLES.has(t.role)) return undefined;
    turns.push({ role: t.role as ChatTurn["role"], content: t.content });
  }
  return turns[turns.length - 1]!.role === "user" ? turns : undefined;
}
