/**
 * The tournament engine's judge for one prompt: maps the engine's requests ("is `first` better than
 * `second`?") onto GenRM items (candidate = first, reference = second), answers what it can from the
 * persistent JudgementCache table, and sends the rest to the backend in ONE call per round.
 *
 * Why a table and not only genrm's in-process LRU: a worker killed mid-run loses its memory; the table
 * survives, so the resumed job asks the backend for nothing it already judged. New judgements are stored
 * and counted on the run (TournamentRun.judgeCalls) in one transaction, so the count is exactly the
 * number of judgements the backend was asked for and kept.
 */
import { judgeCacheKey } from "../../genrm/cache";
import { requireJudgements } from "../../genrm/debias";
import { BackendError, type ChatTurn, type JudgeBackend, type JudgeItem, type VerdictProbs } from "../../genrm/types";
import type { Judge, JudgeRequest } from "../../tournaments/index";
import { db } from "../db/client";

export interface CachedJudgeOptions {
  backend: JudgeBackend;
  /** GenrmModel row id and template version: part of every cache key. */
  modelId: string;
  templateVersion: string;
  prompt: string;
  /** The prompt as a conversation, when it is one: chat judges receive the turns. */
  turns?: ChatTurn[];
  /** Entrant id → answer text. */
  texts: ReadonlyMap<string, string>;
  /** The run whose judgeCalls counter grows by the judgements actually made. */
  runId: string;
  signal?: AbortSignal;
}

export function makeCachedJudge(o: CachedJudgeOptions): Judge {
  const text = (id: string) => {
    const t = o.texts.get(id);
    if (t === undefined) throw new Error(`no text for entrant ${id}`);
    return t;
  };
  return async (requests: readonly JudgeRequest[]) => {
    const items: JudgeItem[] = requests.map((r) => ({ prompt: o.prompt, ...(o.turns ? { turns: o.turns } : {}), candidate: text(r.first), reference: text(r.second) }));
    const keys = items.map((item) => judgeCacheKey({ modelId: o.modelId, templateVersion: o.templateVersion, item }));
    const known = new Map<string, VerdictProbs>();
    const rows = await db().judgementCache.findMany({ where: { key: { in: [...new Set(keys)] } } });
    for (const r of rows) known.set(r.key, r.probs as unknown as VerdictProbs);

    const missKeys: string[] = [];
    const missItems: JudgeItem[] = [];
    keys.forEach((k, i) => {
      if (known.has(k) || missKeys.includes(k)) return;
      missKeys.push(k);
      missItems.push(items[i]!);
    });
    if (missItems.length > 0) {
      o.signal?.throwIfAborted();
      // A game needs a verdict: an item the judge answered unusably fails the round (the job retries).
      const probs = requireJudgements(await o.backend.judge(missItems, { signal: o.signal }));
      if (!Array.isArray(probs) || probs.length !== missItems.length) {
        throw new BackendError("bad_response", `backend returned ${Array.isArray(probs) ? probs.length : "no"} results for ${missItems.length} items`);
      }
      const data = missKeys.map((key, j) => {
        const p = probs[j]!;
        const clean = { better: Number(p.better), same: Number(p.same), worse: Number(p.worse) };
        known.set(key, clean);
        return { key, modelId: o.modelId, probs: clean };
      });
      await db().$transaction(async (tx) => {
        const { count } = await tx.judgementCache.createMany({ data, skipDuplicates: true });
        if (count > 0) await tx.tournamentRun.update({ where: { id: o.runId }, data: { judgeCalls: { increment: count } } });
      });
    }
    return keys.map((k) => known.get(k)!);
  };
}
