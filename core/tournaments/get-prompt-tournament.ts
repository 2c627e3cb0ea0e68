/**
 * One prompt's tournament page data: its answers, standings with every tie-break, the games round by
 * round with both verdicts, and the reference history (tournament picks and human overrides).
 * Texts are returned raw; the page renders them through core/render (sanitised).
 */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError } from "../errors";
import { createdByScope } from "../auth/owner-scope";
import { requireTournamentUser } from "./access";
import type { TournamentState } from "../../tournaments/index";
import { readResultDoc } from "./tournament-result-doc";

export interface VerdictJson {
  better: number;
  same: number;
  worse: number;
}

export async function getPromptTournament(actor: Actor, where: { runId: string; promptId: string }) {
  // A prompt of another researcher's run reads exactly like a missing one.
  const t = await db().tournament.findFirst({
    where: { runId: where.runId, promptId: where.promptId, run: createdByScope(requireTournamentUser(actor)) },
    include: {
      run: { select: { id: true, status: true, seed: true, dataset: { select: { id: true, name: true } }, model: { select: { id: true, version: true, name: true } } } },
      prompt: { select: { id: true, text: true } },
      games: { orderBy: [{ round: "asc" }, { createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!t) throw new AppError("NotFound", "Tournament not found for this run and prompt");
  const inRun = new Set(t.entrants);
  const answers = (await db().response.findMany({ where: { promptId: t.promptId }, orderBy: { id: "asc" }, select: { id: true, model: true, text: true, charLen: true, tokenLen: true } }))
    .map((a) => ({ ...a, inTournament: inRun.has(a.id) }));
  const history = await db().reference.findMany({
    where: { promptId: t.promptId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { setBy: { select: { name: true, email: true } } },
  });
  const state = t.state as TournamentState | null;
  const byes = new Map((state?.rounds ?? []).map((r) => [r.index, r.bye]));
  const rounds = new Map<number, { index: number; stage: string; bye: string | null; games: typeof gamesOut }>();
  const gamesOut = t.games.map((g) => ({
    id: g.id,
    aId: g.aId,
    bId: g.bId,
    verdictAb: g.verdictAb as VerdictJson | null,
    verdictBa: g.verdictBa as VerdictJson | null,
    scoreA: g.scoreA,
  }));
  t.games.forEach((g, k) => {
    let r = rounds.get(g.round);
    if (!r) rounds.set(g.round, (r = { index: g.round, stage: g.stage, bye: byes.get(g.round) ?? null, games: [] }));
    r.games.push(gamesOut[k]!);
  });
  return {
    tournament: { id: t.id, status: t.status, roundsDone: t.roundsDone, winnerResponseId: t.winnerResponseId, finishedAt: t.finishedAt?.toISOString() ?? null },
    run: t.run,
    prompt: t.prompt,
    answers,
    result: readResultDoc(t.standings),
    rounds: [...rounds.values()].sort((a, b) => a.index - b.index),
    references: history.map((r) => ({
      id: r.id,
      responseId: r.responseId,
      source: r.source,
      reason: r.reason,
      setBy: r.setBy ? r.setBy.name || r.setBy.email : null,
      tournamentId: r.tournamentId,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
