/**
 * One run's page data: progress, per-model reference shares and the length smell (computed over this
 * run's prompts, with their CURRENT references so overrides count), and the list of prompts.
 */
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError } from "../errors";
import { createdByScope } from "../auth/owner-scope";
import { requireTournamentUser } from "./access";
import { computeReferenceStats } from "./compute-reference-stats";
import { getCurrentReferences } from "./get-current-references";
import { describeConfig, parseStoredConfig } from "./tournament-config";

export async function getTournamentRun(actor: Actor, runId: string) {
  // Another researcher's run reads exactly like a missing one.
  const run = await db().tournamentRun.findFirst({
    where: { id: runId, ...createdByScope(requireTournamentUser(actor)) },
    include: { dataset: { select: { id: true, name: true } }, model: { select: { id: true, version: true, name: true, backend: true } } },
  });
  if (!run) throw new AppError("NotFound", "Tournament run not found");
  const tournaments = await db().tournament.findMany({
    where: { runId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      promptId: true,
      status: true,
      entrants: true,
      roundsDone: true,
      winnerResponseId: true,
      prompt: { select: { text: true, responses: { select: { id: true, model: true, charLen: true } } } },
    },
  });
  const refs = await getCurrentReferences(tournaments.map((t) => t.promptId));
  // Only the note of each result document: the documents themselves (standings of up to 64) are big.
  const facts = new Map(
    (
      await db().$queryRaw<{ id: string; note: string | null; confidence: string | null; undecided: string | null; waits: string | null }[]>`
        SELECT id, standings->>'note' AS note, standings->>'confidence' AS confidence, standings->>'undecided' AS undecided,
               standings->>'waitsForHuman' AS waits
        FROM "Tournament" WHERE "runId" = ${runId}`
    ).map((r) => [r.id, r]),
  );
  const stats = computeReferenceStats(
    tournaments.map((t) => {
      const inRun = new Set(t.entrants);
      const ref = refs.get(t.promptId);
      return {
        candidates: t.prompt.responses.filter((r) => inRun.has(r.id)),
        winnerId: t.status === "succeeded" ? t.winnerResponseId : null,
        reference: ref ? { responseId: ref.responseId, source: ref.source } : null,
      };
    }),
  );
  const config = parseStoredConfig(run.config);
  return {
    run: {
      id: run.id,
      status: run.status,
      seed: run.seed,
      config,
      configText: describeConfig(config),
      total: run.total,
      done: run.done,
      judgeCalls: run.judgeCalls,
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      dataset: run.dataset,
      model: run.model,
    },
    stats,
    decisions: {
      decided: tournaments.filter((t) => t.status === "succeeded" && facts.get(t.id)?.undecided !== "true").length,
      undecided: tournaments.filter((t) => t.status === "succeeded" && facts.get(t.id)?.undecided === "true").length,
      waitingForHuman: tournaments.filter((t) => facts.get(t.id)?.waits === "true" && refs.get(t.promptId)?.source !== "override").length,
    },
    prompts: tournaments.map((t) => {
      const model = (id: string | null | undefined) => (id ? (t.prompt.responses.find((r) => r.id === id)?.model ?? null) : null);
      const ref = refs.get(t.promptId);
      return {
        tournamentId: t.id,
        promptId: t.promptId,
        excerpt: t.prompt.text.length > 140 ? `${t.prompt.text.slice(0, 140)}…` : t.prompt.text,
        status: t.status,
        answers: t.entrants.length,
        roundsDone: t.roundsDone,
        winnerModel: model(t.winnerResponseId),
        reference: ref ? { model: model(ref.responseId), source: ref.source } : null,
        note: facts.get(t.id)?.note ?? null,
        confidence: facts.get(t.id)?.confidence != null ? Number(facts.get(t.id)!.confidence) : null,
        undecided: facts.get(t.id)?.undecided === "true",
        waitsForHuman: facts.get(t.id)?.waits === "true" && ref?.source !== "override",
      };
    }),
  };
}
