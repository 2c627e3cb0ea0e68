/**
 * Plays (or resumes) one prompt's tournament: entrants from its answers, the engine's rounds with the
 * cached judge, every finished round persisted (engine state + that round's games + live standings)
 * in one transaction, then the winner written as the prompt's reference — unless the tournament is
 * undecided and the run says such prompts wait for a human (decide-reference.ts).
 *
 * Resume: the saved state is the engine's state after the last finished round, so a killed worker
 * continues from there; the judgements of a round that was cut short are in the JudgementCache and are
 * not asked again. A round is saved only if the tournament is still where this process left it
 * (roundsDone guard), so two workers racing on the same job can never interleave rounds.
 */
import { judgeTurns } from "../genrm-service/prompt-turns";
import type { JudgeBackend } from "../../genrm/types";
import { BackendError } from "../../genrm/types";
import { assertTournamentState, createTournament, playToEnd, TournamentError, type TournamentState } from "../../tournaments/index";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { decideReference, type ReferenceDecision } from "./decide-reference";
import { makeCachedJudge } from "./make-cached-judge";
import { prepareEntrants, type Excluded } from "./prepare-prompt-entrants";
import { toSwissConfig, type TournamentConfig } from "./tournament-config";
import { gameRow, resultDocFromState, resultDocWithoutGames, type TournamentResultDoc } from "./tournament-result-doc";

export interface PlayContext {
  run: { id: string; seed: number; config: TournamentConfig };
  model: { id: string; templateVersion: string };
  backend: JudgeBackend;
  signal?: AbortSignal;
}

const asJson = (x: unknown) => x as Prisma.InputJsonValue;

export async function playPromptTournament(tournamentId: string, ctx: PlayContext): Promise<"succeeded" | "failed" | "skipped"> {
  const t = await db().tournament.findUniqueOrThrow({
    where: { id: tournamentId },
    include: { prompt: { select: { id: true, key: true, text: true, turns: true } } },
  });
  if (t.status === "succeeded" || t.status === "failed") return "skipped";
  const answers = await db().response.findMany({ where: { id: { in: t.entrants }, promptId: t.promptId }, select: { id: true, model: true, text: true } });
  const plan = prepareEntrants(answers);

  if (plan.kind === "none") {
    const note = answers.length === 0 ? "This prompt has no answers: no reference." : "Every answer is empty: no reference.";
    await finish(t.id, t.promptId, null, resultDocWithoutGames("no-answers", note, plan.excluded, plan.duplicates), ctx);
    return "succeeded";
  }
  if (plan.kind === "single") {
    const n = answers.length - plan.excluded.length;
    const note = n === 1 ? "Only one non-empty answer: it is the reference, no games played." : `All ${n} non-empty answers are the same text: judged as one, no games needed.`;
    await finish(t.id, t.promptId, plan.winner, resultDocWithoutGames("single", note, plan.excluded, plan.duplicates), ctx);
    return "succeeded";
  }

  const texts = new Map(answers.map((a) => [a.id, a.text]));
  const judge = makeCachedJudge({ ...ctx.model, modelId: ctx.model.id, backend: ctx.backend, prompt: t.prompt.text, turns: judgeTurns(t.prompt.turns), texts, runId: ctx.run.id, signal: ctx.signal });
  try {
    let state: TournamentState;
    if (t.state) {
      assertTournamentState(t.state);
      state = t.state;
    } else {
      state = createTournament(plan.entrants, toSwissConfig(ctx.run.config, ctx.run.seed, t.prompt.key, new Set(plan.entrants.map((e) => e.key ?? e.id)).size));
      await db().tournament.update({ where: { id: t.id }, data: { status: "running" } });
    }
    const final = await playToEnd(state, judge, { onRound: (s) => saveRound(t.id, s, plan.excluded, ctx.signal) });
    const played = resultDocFromState(final, plan.excluded);
    const decision = decideReference({ confidence: played.confidence ?? null, allDraws: played.allDraws ?? false }, ctx.run.config);
    const doc: TournamentResultDoc = {
      ...played,
      undecided: decision.undecided,
      undecidedReason: decision.reason,
      waitsForHuman: decision.undecided && !decision.writeReference,
    };
    await finish(t.id, t.promptId, doc.ranking[0]?.id ?? null, doc, ctx, decision);
    return "succeeded";
  } catch (error) {
    // Items this model refuses (e.g. longer than it accepts) or an engine rejection are this prompt's
    // problem: record it and let the run go on. Anything else (backend down, DB down) fails the job so
    // BullMQ retries it, resuming from the saved rounds.
    const perPrompt =
      (error instanceof BackendError && error.code === "invalid_input") || error instanceof TournamentError;
    if (!perPrompt) throw error;
    const doc = resultDocWithoutGames("failed", `The judge could not play this prompt: ${(error as Error).message}`, plan.excluded, []);
    await db().tournament.updateMany({ where: { id: t.id, status: { notIn: ["succeeded", "failed"] } }, data: { status: "failed", standings: asJson(doc), finishedAt: new Date() } });
    return "failed";
  }
}

async function saveRound(tournamentId: string, state: TournamentState, excluded: Excluded[], signal?: AbortSignal) {
  const round = state.rounds[state.rounds.length - 1]!;
  await db().$transaction(async (tx) => {
    const moved = await tx.tournament.updateMany({
      where: { id: tournamentId, roundsDone: state.rounds.length - 1, status: "running" },
      data: { state: asJson(state), roundsDone: state.rounds.length, standings: asJson(resultDocFromState(state, excluded)) },
    });
    if (moved.count !== 1) throw new AppError("Conflict", `tournament ${tournamentId} was advanced by another worker`);
    await tx.game.deleteMany({ where: { tournamentId, round: round.index } });
    await tx.game.createMany({ data: round.games.map((g) => gameRow(tournamentId, g)) });
  });
  // Checked after saving: an abort between rounds loses nothing.
  signal?.throwIfAborted();
}

/**
 * Marks the tournament finished and writes the winner as the prompt's reference, atomically and once.
 * A standing human override is kept unless the run says to replace overrides.
 */
async function finish(
  tournamentId: string,
  promptId: string,
  winner: string | null,
  doc: TournamentResultDoc,
  ctx: PlayContext,
  decision: Pick<ReferenceDecision, "writeReference" | "referenceNote"> = { writeReference: true, referenceNote: null },
) {
  await db().$transaction(async (tx) => {
    let keep: TournamentResultDoc["keptOverride"];
    if (winner) {
      const current = await tx.reference.findFirst({ where: { promptId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      // An override that already names the winner stays the current row too: its who/why still hold.
      if (current?.source === "override" && (!ctx.run.config.replaceOverrides || current.responseId === winner)) {
        keep = { referenceResponseId: current.responseId, setBy: current.setById };
      }
    }
    const finalDoc = keep ? { ...doc, keptOverride: keep } : doc;
    const done = await tx.tournament.updateMany({
      where: { id: tournamentId, status: { notIn: ["succeeded", "failed"] } },
      data: { status: "succeeded", winnerResponseId: winner, standings: asJson(finalDoc), finishedAt: new Date() },
    });
    if (done.count !== 1 || !winner || keep || !decision.writeReference) return;
    await tx.reference.create({ data: { promptId, responseId: winner, source: "tournament", tournamentId, reason: decision.referenceNote } });
  });
}
