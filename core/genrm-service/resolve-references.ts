/**
 * A prompt's current reference answer, for judge requests that bring none: the newest Reference row
 * (tournament winner, import or override) of the prompt found by content key (Prompt.key, indexed), in
 * any dataset — the newest across datasets wins. A chat-templated prompt is also looked up by its last
 * user turn. Results (including "none") are cached for REFERENCE_TTL_MS: an RL step asks about the same
 * prompts many times; a new tournament result applies within that delay.
 */
import { promptKey } from "../formats/content-key";
import { db } from "../db/client";
import { lastUserTurn } from "./chat-template";

export interface ResolvedReference {
  text: string;
  responseId: string;
  promptId: string;
  /** imported | tournament | override */
  source: string;
}

export const REFERENCE_TTL_MS = 10_000;
const MAX_CACHED = 50_000;

const g = globalThis as unknown as { __genrmRefCache?: Map<string, { at: number; ref: ResolvedReference | null }> };
const cache = () => (g.__genrmRefCache ??= new Map());

export function forgetReferences(): void {
  cache().clear();
}

function keysOf(text: string): string[] {
  const keys = [promptKey(text)];
  const turn = lastUserTurn(text);
  if (turn !== null && turn !== text) keys.push(promptKey(turn));
  return keys;
}

/** Current reference per distinct prompt text (null when the prompt is unknown or has none). */
export async function resolveReferences(prompts: readonly string[]): Promise<Map<string, ResolvedReference | null>> {
  const out = new Map<string, ResolvedReference | null>();
  const now = Date.now();
  const todo: string[] = [];
  for (const text of new Set(prompts)) {
    const hit = cache().get(text);
    if (hit && now - hit.at < REFERENCE_TTL_MS) out.set(text, hit.ref);
    else todo.push(text);
  }
  if (todo.length === 0) return out;

  const keysByText = new Map(todo.map((t) => [t, keysOf(t)]));
  const allKeys = [...new Set([...keysByText.values()].flat())];
  const rows = await db().prompt.findMany({ where: { key: { in: allKeys } }, select: { id: true, key: true } });
  const promptIdsByKey = new Map<string, string[]>();
  for (const r of rows) promptIdsByKey.set(r.key, [...(promptIdsByKey.get(r.key) ?? []), r.id]);
  const refs = rows.length
    ? await db().reference.findMany({
        where: { promptId: { in: rows.map((r) => r.id) } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        distinct: ["promptId"],
        select: { promptId: true, source: true, createdAt: true, responseId: true, response: { select: { text: true } } },
      })
    : [];
  const refByPrompt = new Map(refs.map((r) => [r.promptId, r]));

  if (cache().size + todo.length > MAX_CACHED) cache().clear();
  for (const [text, keys] of keysByText) {
    let found: ResolvedReference | null = null;
    // The exact text's key first; the user turn only when the exact text is not known with a reference.
    for (const key of keys) {
      const candidates = (promptIdsByKey.get(key) ?? []).map((id) => refByPrompt.get(id)).filter((r) => r !== undefined);
      candidates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const best = candidates[0];
      if (best) {
        found = { text: best.response.text, responseId: best.responseId, promptId: best.promptId, source: best.source };
        break;
      }
    }
    out.set(text, found);
    cache().set(text, { at: now, ref: found });
  }
  return out;
}
