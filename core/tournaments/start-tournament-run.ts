/**
 * Starts a tournament run over a dataset's prompts with a GenRM version (default: the active one):
 * validates everything up front (nothing is written on bad input), creates the run and one tournament
 * per prompt (entrants = that prompt's answers), then enqueues the `tournament.run` job.
 */
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { createdByScope } from "../auth/owner-scope";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { enqueueJob } from "../queue/queues";
import { requireTournamentUser } from "./access";
import { MAX_ENTRANTS, tournamentConfigInput } from "./tournament-config";
import { resultDocWithoutGames } from "./tournament-result-doc";

const id = (what: string) => z.string({ error: `${what} must be a string` }).min(1, `${what} is required`).max(64, `${what} is too long`);

export const startTournamentRunInput = z
  .object({
    datasetId: id("datasetId"),
    /** GenrmModel id; default: the active version. */
    modelId: id("modelId").optional(),
    seed: z.number({ error: "seed must be a number" }).int("seed must be a whole number").min(0).max(2 ** 31 - 1).default(1),
    /** Only these prompts of the dataset (default: all). */
    promptIds: z.array(id("promptIds[]")).min(1, "promptIds must not be empty").max(10_000).optional(),
    /** At most this many prompts (the first ones, in import order). */
    maxPrompts: z.number({ error: "maxPrompts must be a number" }).int().min(1, "maxPrompts must be >= 1").max(100_000).optional(),
    config: tournamentConfigInput.prefault({}),
  })
  .strict();

export type StartTournamentRunInput = z.input<typeof startTournamentRunInput>;

/** A model a tournament may use: it exists and is not still training or failed. */
export async function resolveTournamentModel(modelId: string | undefined) {
  if (modelId) {
    const m = await db().genrmModel.findUnique({ where: { id: modelId } });
    if (!m) throw new AppError("NotFound", `GenRM model ${modelId} not found`, { field: "modelId" });
    if (m.status === "training" || m.status === "failed") {
      throw new AppError("Unprocessable", `GenRM v${m.version} is ${m.status}; pick a candidate, active or retired version`, { field: "modelId" });
    }
    return m;
  }
  const active = await db().genrmModel.findFirst({ where: { status: "active" }, orderBy: { version: "desc" } });
  if (!active) throw new AppError("Unprocessable", "No active GenRM version: train one and promote it on the Models page, or pick a model", { field: "modelId" });
  return active;
}

/**
 * Validates and writes the run and its tournaments; does not enqueue (the seed plays it in-process).
 * `visibleTo`: the person starting it, who may only name a dataset they see (another's reads as missing).
 */
export async function createTournamentRun(createdById: string | null, raw: StartTournamentRunInput, visibleTo?: Actor) {
  const input = startTournamentRunInput.parse(raw);
  const scope = visibleTo ? createdByScope(visibleTo) : {};
  const dataset = await db().dataset.findFirst({ where: { id: input.datasetId, ...scope }, select: { id: true, name: true } });
  if (!dataset) throw new AppError("NotFound", `Dataset ${input.datasetId} not found`, { field: "datasetId" });
  const model = await resolveTournamentModel(input.modelId);

  let prompts = await db().prompt.findMany({
    where: { datasetId: dataset.id, ...(input.promptIds ? { id: { in: input.promptIds } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, responses: { select: { id: true }, orderBy: { id: "asc" } } },
  });
  if (input.promptIds) {
    const found = new Set(prompts.map((p) => p.id));
    const missing = input.promptIds.filter((p) => !found.has(p));
    if (missing.length) throw new AppError("Invalid", `promptIds: ${missing.length} prompt(s) are not in dataset "${dataset.name}" (first: ${missing[0]})`, { field: "promptIds" });
  }
  if (input.maxPrompts) prompts = prompts.slice(0, input.maxPrompts);
  if (prompts.length === 0) throw new AppError("Unprocessable", `Dataset "${dataset.name}" has no prompts`, { field: "datasetId" });
  if (prompts.every((p) => p.responses.length === 0)) {
    throw new AppError("Unprocessable", `The selected prompts of "${dataset.name}" have no answers to compare`, { field: "datasetId" });
  }
  // A prompt with more answers than the engine takes is part of the run but not played: its row says
  // why (visible on the run page). Only when no selected prompt is playable is the request refused.
  const playable = prompts.filter((p) => p.responses.length <= MAX_ENTRANTS);
  if (playable.length === 0) {
    const worst = Math.max(...prompts.map((p) => p.responses.length));
    throw new AppError("Unprocessable", `Every selected prompt has more than ${MAX_ENTRANTS} answers (up to ${worst}); a tournament takes at most ${MAX_ENTRANTS}`, { field: "promptIds" });
  }
  const tooMany = (n: number) =>
    resultDocWithoutGames("failed", `This prompt has ${n} answers; a tournament takes at most ${MAX_ENTRANTS}: not played.`, [], []) as unknown as Prisma.InputJsonObject;

  return db().$transaction(async (tx) => {
    // Two runs over the same prompts may overlap safely: each has its own tournaments, judgements are
    // shared through the cache, and the newest Reference row wins.
    const run = await tx.tournamentRun.create({
      data: { datasetId: dataset.id, modelId: model.id, seed: input.seed, config: input.config, total: prompts.length, createdById },
    });
    await tx.tournament.createMany({
      data: prompts.map((p) =>
        p.responses.length <= MAX_ENTRANTS
          ? { runId: run.id, promptId: p.id, entrants: p.responses.map((r) => r.id) }
          : { runId: run.id, promptId: p.id, entrants: p.responses.map((r) => r.id), status: "failed" as const, standings: tooMany(p.responses.length), finishedAt: new Date() },
      ),
    });
    return run;
  });
}

export async function startTournamentRun(actor: Actor, raw: StartTournamentRunInput) {
  const user = requireTournamentUser(actor);
  const run = await createTournamentRun(user.userId, raw, user);
  try {
    const { jobId } = await enqueueJob("tournament.run", { tournamentRunId: run.id }, { jobId: `tournament-run-${run.id}` });
    return db().tournamentRun.update({ where: { id: run.id }, data: { jobId } });
  } catch (error) {
    // Nothing may be left behind that no worker will ever pick up.
    await db().tournamentRun.delete({ where: { id: run.id } }).catch(() => undefined);
    throw error;
  }
}
