/**
 * Tournament runs against real Postgres: playing prompts with the persistent judgement cache, resuming
 * after an abort with the same result and no judgement made twice, bad input, and human overrides.
 * The judge is genrm's DeterministicBackend (a hash-based fake, not a model): the properties tested here
 * are about the app's bookkeeping, which is the same whatever the judge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeterministicBackend } from "@genrm/backends/fake/deterministic";
import type { JudgeBackend, JudgeItem, JudgeOptions } from "@genrm/types";
import { db } from "@core/db/client";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { createDataset, createFakeModel, createResearcher, makePrompts } from "../../tests/helpers/tournament-fixtures";
import { createTournamentRun, startTournamentRun } from "./start-tournament-run";
import { executeTournamentRun } from "./execute-tournament-run";
import { overrideReference } from "./override-reference";
import { getCurrentReferences } from "./get-current-references";
import { getPromptTournament } from "./get-prompt-tournament";
import { getTournamentRun } from "./get-tournament-run";
import { listUndecidedPrompts } from "./list-undecided-prompts";
import { undecidedPromptsForLabelling } from "./undecided-for-labelling";
import { readResultDoc } from "./tournament-result-doc";

let env: TestEnv;
let researcher: { kind: "user"; userId: string; role: "researcher"; email: string; name: string };
const annotator = { kind: "user" as const, userId: "nobody", role: "annotator" as const, email: "a@x", name: "A" };

beforeAll(async () => {
  env = await createTestEnv("tournaments");
  const u = await createResearcher("t");
  researcher = { kind: "user", userId: u.id, role: "researcher", email: u.email, name: u.name };
});
afterAll(async () => env?.cleanup());

/** Counts every item the backend is asked to judge, by its exact (prompt, reference, candidate). */
class CountingBackend implements JudgeBackend {
  readonly seen = new Map<string, number>();
  calls = 0;
  constructor(readonly inner: DeterministicBackend, private readonly afterCall?: (calls: number) => void) {}
  get kind() { return this.inner.kind; }
  get modelId() { return this.inner.modelId; }
  get templateVersion() { return this.inner.templateVersion; }
  async judge(items: JudgeItem[], options?: JudgeOptions) {
    const out = await this.inner.judge(items, options);
    this.calls++;
    for (const i of items) {
      const k = JSON.stringify([i.prompt, i.reference, i.candidate]);
      this.seen.set(k, (this.seen.get(k) ?? 0) + 1);
    }
    this.afterCall?.(this.calls);
    return out;
  }
  get items() { return [...this.seen.values()].reduce((s, n) => s + n, 0); }
  get repeated() { return [...this.seen.values()].filter((n) => n > 1).length; }
}

/** Always prefers the longer answer: a clear-cut field. */
class LongerWinsBackend implements JudgeBackend {
  constructor(readonly inner: DeterministicBackend) {}
  get kind() { return this.inner.kind; }
  get modelId() { return this.inner.modelId; }
  get templateVersion() { return this.inner.templateVersion; }
  async judge(items: JudgeItem[]) {
    return items.map((i) => (i.candidate.length > i.reference.length ? { better: 1, same: 0, worse: 0 } : { better: 0, same: 0, worse: 1 }));
  }
}

const fake = (salt = "fixture") => new DeterministicBackend({ salt, positionBias: 0.3 });

/** Everything a run decided, in a form two runs can be compared by. */
async function outcome(runId: string) {
  const ts = await db().tournament.findMany({ where: { runId }, orderBy: { promptId: "asc" }, include: { games: { orderBy: [{ round: "asc" }, { aId: "asc" }, { bId: "asc" }] } } });
  return ts.map((t) => ({
    promptId: t.promptId,
    status: t.status,
    winner: t.winnerResponseId,
    roundsDone: t.roundsDone,
    standings: readResultDoc(t.standings)?.standings,
    ranking: readResultDoc(t.standings)?.ranking,
    games: t.games.map((g) => ({ round: g.round, stage: g.stage, a: g.aId, b: g.bId, ab: g.verdictAb, ba: g.verdictBa, s: g.scoreA })),
  }));
}

describe("tournament runs", () => {
  it("plays every prompt with one backend call per round, stores games with both verdicts, standings and the winner as reference", async () => {
    const model = await createFakeModel();
    const { datasetId } = await createDataset(researcher.userId, "play", makePrompts(3, 6, "play"));
    const run = await createTournamentRun(researcher.userId, { datasetId, modelId: model.id, seed: 7, config: { gameMode: "both-orders" } });
    const backend = new CountingBackend(fake());
    const summary = await executeTournamentRun(run.id, { backend, concurrency: 1 });
    expect(summary).toMatchObject({ status: "succeeded", total: 3, done: 3, failedPrompts: 0 });

    const ts = await db().tournament.findMany({ where: { runId: run.id }, include: { games: true } });
    const rounds = ts.reduce((s, t) => s + t.roundsDone, 0);
    expect(backend.calls).toBe(rounds); // one batched call per round
    for (const t of ts) {
      expect(t.status).toBe("succeeded");
      expect(t.games.length).toBeGreaterThan(0);
      for (const g of t.games) {
        expect(g.verdictAb).toBeTruthy(); // both-order games: both verdicts stored
        expect(g.verdictBa).toBeTruthy();
        expect([0, 0.5, 1]).toContain(g.scoreA);
      }
      const doc = readResultDoc(t.standings)!;
      expect(doc.finished).toBe(true);
      expect(doc.standings).toHaveLength(6);
      expect(doc.standings[0]).toHaveProperty("buchholzCut1");
      expect(doc.standings[0]).toHaveProperty("sonnebornBerger");
      expect(t.winnerResponseId).toBe(doc.ranking[0]!.id);
    }
    const refs = await getCurrentReferences(ts.map((t) => t.promptId));
    for (const t of ts) expect(refs.get(t.promptId)).toMatchObject({ responseId: t.winnerResponseId, source: "tournament", tournamentId: t.id });

    const after = await db().tournamentRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.status).toBe("succeeded");
    expect(after.judgeCalls).toBe(backend.items); // the counter is exactly what the backend was asked
    expect(await db().judgementCache.count({ where: { modelId: model.id } })).toBe(backend.items);
    expect(backend.repeated).toBe(0);

    // Executing a finished run again changes nothing and asks nothing.
    const again = new CountingBackend(fake());
    await executeTournamentRun(run.id, { backend: again });
    expect(again.calls).toBe(0);
    expect(await db().reference.count({ where: { promptId: { in: ts.map((t) => t.promptId) } } })).toBe(3);

    const page = await getTournamentRun(researcher, run.id);
    expect(page.stats.withReference).toBe(3);
    expect(page.stats.models.reduce((s, m) => s + m.references, 0)).toBe(3);
  });

  it("runs the until-clear contender stage: duels stop when the leader is clear, never past maxGames", async () => {
    const model = await createFakeModel();
    const { datasetId } = await createDataset(researcher.userId, "clear", makePrompts(2, 7, "clear"));
    const run = await createTournamentRun(researcher.userId, {
      datasetId,
      modelId: model.id,
      seed: 3,
      config: { rounds: 1, contender: { kind: "until-clear", maxGames: 5, stopRisk: 0.8 } },
    });
    const summary = await executeTournamentRun(run.id, { backend: new CountingBackend(fake()), concurrency: 1 });
    expect(summary).toMatchObject({ status: "succeeded", total: 2, done: 2 });
    const ts = await db().tournament.findMany({ where: { runId: run.id }, include: { games: true } });
    for (const t of ts) {
      const duels = t.games.filter((g) => g.stage === "contender");
      expect(duels.length).toBeGreaterThan(0);
      expect(duels.length).toBeLessThanOrEqual(5);
      expect(t.games.filter((g) => g.stage === "swiss")).toHaveLength(3); // 7 answers: 3 games and a bye
      const pairs = t.games.map((g) => [g.aId, g.bId].sort().join("|"));
      expect(new Set(pairs).size).toBe(pairs.length); // no replays with a cached GenRM
      expect(t.winnerResponseId).toBeTruthy();
    }
  });

  it("undecided prompts: wait for a human (no reference, listed, counted) or take the best-supported answer marked low confidence", async () => {
    const model = await createFakeModel();
    const { datasetId } = await createDataset(researcher.userId, "unsure", makePrompts(3, 6, "unsure"));
    // P(best) < 1 for every played tournament: with the threshold at 1 every prompt is undecided.
    const waiting = await createTournamentRun(researcher.userId, { datasetId, modelId: model.id, seed: 5, config: { minConfidence: 1, undecided: "wait-for-human" } });
    await executeTournamentRun(waiting.id, { backend: new CountingBackend(fake()), concurrency: 1 });
    const ts = await db().tournament.findMany({ where: { runId: waiting.id } });
    for (const t of ts) {
      const doc = readResultDoc(t.standings)!;
      expect(doc).toMatchObject({ undecided: true, undecidedReason: "low-confidence", waitsForHuman: true });
      expect(doc.confidence).toBeGreaterThan(0);
      expect(doc.confidence).toBeLessThan(1);
      expect(t.winnerResponseId).toBeTruthy(); // the best-supported answer is still known
    }
    expect(await db().reference.count({ where: { tournamentId: { in: ts.map((t) => t.id) } } })).toBe(0);
    const listed = await listUndecidedPrompts(waiting.id);
    expect(listed.map((u) => u.promptId).sort()).toEqual(ts.map((t) => t.promptId).sort());
    expect(listed.every((u) => u.waitsForHuman && !u.resolved && u.reason === "low-confidence" && u.bestSupportedResponseId)).toBe(true);
    let page = await getTournamentRun(researcher, waiting.id);
    expect(page.decisions).toEqual({ decided: 0, undecided: 3, waitingForHuman: 3 });
    // Offered to the "where the GenRM is unsure" labelling strategy: each prompt with its entrants' answers.
    const forLabels = await undecidedPromptsForLabelling({ limit: 50 });
    const texts = await db().prompt.findMany({ where: { id: { in: ts.map((t) => t.promptId) } }, select: { text: true } });
    for (const { text } of texts) expect(forLabels.find((u) => u.prompt === text)?.answers.length).toBeGreaterThanOrEqual(2);

    // A researcher decides one: it is resolved and no longer waiting; still listed as undecided for the GenRM.
    const first = ts[0]!;
    const other = first.entrants.find((id) => id !== first.winnerResponseId)!;
    await overrideReference(researcher, { runId: waiting.id, promptId: first.promptId }, { responseId: other, reason: "checked by hand" });
    expect((await listUndecidedPrompts(waiting.id)).find((u) => u.promptId === first.promptId)).toMatchObject({ resolved: true });
    page = await getTournamentRun(researcher, waiting.id);
    expect(page.decisions).toEqual({ decided: 0, undecided: 3, waitingForHuman: 2 });

    // The same prompts under "low-confidence": every one gets its winner, marked as a low-confidence pick.
    const model2 = await createFakeModel();
    const taking = await createTournamentRun(researcher.userId, { datasetId, modelId: model2.id, seed: 5, config: { minConfidence: 1 } });
    await executeTournamentRun(taking.id, { backend: new CountingBackend(fake()), concurrency: 1 });
    const ts2 = await db().tournament.findMany({ where: { runId: taking.id }, include: { references: true } });
    for (const t of ts2) {
      if (t.promptId === first.promptId) {
        // a standing human override is kept (replaceOverrides is off)
        expect(t.references).toHaveLength(0);
        expect(readResultDoc(t.standings)?.keptOverride).toBeTruthy();
        continue;
      }
      expect(t.references).toHaveLength(1);
      expect(t.references[0]).toMatchObject({ responseId: t.winnerResponseId, source: "tournament" });
      expect(t.references[0]!.reason).toMatch(/^low confidence: P\(best\) ≈ \d+ %/);
    }
    expect((await listUndecidedPrompts(taking.id)).every((u) => !u.waitsForHuman)).toBe(true);

    // With the default threshold a clear field is decided: a judge that always prefers the longer answer.
    const model3 = await createFakeModel();
    const { datasetId: lengths } = await createDataset(researcher.userId, "clear-cut", [
      { text: "clear", answers: ["a", "bb bb", "ccc ccc ccc", "dddd dddd dddd dddd"].map((text, i) => ({ model: `m${i}`, text })) },
    ]);
    const decided = await createTournamentRun(researcher.userId, { datasetId: lengths, modelId: model3.id, seed: 1 });
    await executeTournamentRun(decided.id, { backend: new LongerWinsBackend(fake()), concurrency: 1 });
    const [clear] = await db().tournament.findMany({ where: { runId: decided.id } });
    expect(readResultDoc(clear!.standings)).toMatchObject({ undecided: false, allDraws: false });
    expect((await getTournamentRun(researcher, decided.id)).decisions).toEqual({ decided: 1, undecided: 0, waitingForHuman: 0 });
  });

  it("a run aborted mid-way resumes from the last finished round: same result as uninterrupted, no judgement twice", async () => {
    const { datasetId } = await createDataset(researcher.userId, "resume", makePrompts(4, 9, "resume"));
    // Two versions judging identically (same salt) but with their own cache keys, so the uninterrupted
    // run cannot lend its judgements to the interrupted one.
    const [m1, m2] = [await createFakeModel({ salt: "same" }), await createFakeModel({ salt: "same" })];

    const ref = await createTournamentRun(researcher.userId, { datasetId, modelId: m1.id, seed: 3 });
    const plain = new CountingBackend(fake("same"));
    await executeTournamentRun(ref.id, { backend: plain, concurrency: 1 });

    const run = await createTournamentRun(researcher.userId, { datasetId, modelId: m2.id, seed: 3 });
    const controller = new AbortController();
    const shared = fake("same");
    const first = new CountingBackend(shared, (calls) => calls === 6 && controller.abort(new Error("killed")));
    await expect(executeTournamentRun(run.id, { backend: first, signal: controller.signal, concurrency: 1 })).rejects.toThrow("killed");
    const mid = await db().tournament.findMany({ where: { runId: run.id } });
    expect(mid.some((t) => t.status === "running" && t.roundsDone > 0)).toBe(true); // really cut mid-tournament
    expect(mid.some((t) => t.status !== "succeeded")).toBe(true);

    const second = new CountingBackend(shared);
    await executeTournamentRun(run.id, { backend: second, concurrency: 1 });

    const a = await outcome(ref.id);
    const b = await outcome(run.id);
    expect(b.map((x) => ({ ...x, promptId: undefined }))).toEqual(a.map((x) => ({ ...x, promptId: undefined })));
    // No judgement twice: the two halves together asked exactly what the uninterrupted run asked.
    const union = new Map(first.seen);
    for (const [k, n] of second.seen) union.set(k, (union.get(k) ?? 0) + n);
    expect([...union.values()].every((n) => n === 1)).toBe(true);
    expect(first.items + second.items).toBe(plain.items);
    const [ra, rb] = await Promise.all([ref.id, run.id].map((id) => db().tournamentRun.findUniqueOrThrow({ where: { id } })));
    expect(rb!.judgeCalls).toBe(ra!.judgeCalls);
  }, 120_000);

  it("bad input: one answer is the reference without games; duplicate texts are judged once; empty answers never play", async () => {
    const model = await createFakeModel();
    const { datasetId, promptIds } = await createDataset(researcher.userId, "bad", [
      { text: "only one", answers: [{ model: "m1", text: "The single answer." }] },
      { text: "duplicates", answers: [{ model: "m1", text: "Same words." }, { model: "m2", text: "  Same words.\n" }, { model: "m3", text: "Other words." }, { model: "m4", text: "Third answer." }] },
      { text: "empties", answers: [{ model: "m1", text: "" }, { model: "m2", text: "   " }, { model: "m3", text: "Real answer A." }, { model: "m4", text: "Real answer B." }] },
      { text: "all empty", answers: [{ model: "m1", text: "" }, { model: "m2", text: "\n" }] },
      { text: "all duplicates", answers: [{ model: "m1", text: "X" }, { model: "m2", text: "X" }] },
      { text: "no answers", answers: [] },
    ]);
    const run = await createTournamentRun(researcher.userId, { datasetId, modelId: model.id });
    const backend = new CountingBackend(fake());
    await executeTournamentRun(run.id, { backend, concurrency: 1 });
    const byPrompt = new Map((await db().tournament.findMany({ where: { runId: run.id }, include: { games: true } })).map((t) => [t.promptId, t]));
    const [one, dup, empties, allEmpty, allDup, none] = promptIds.map((id) => byPrompt.get(id)!);
    const refs = await getCurrentReferences(promptIds);

    expect(one!.games).toHaveLength(0);
    expect(one!.winnerResponseId).toBe(one!.entrants[0]);
    expect(refs.get(one!.promptId)?.responseId).toBe(one!.entrants[0]);
    expect(readResultDoc(one!.standings)).toMatchObject({ outcome: "single" });

    // 4 answers, 2 of them the same text → 3 entrants play; the twin never appears in a game.
    const dupDoc = readResultDoc(dup!.standings)!;
    expect(dupDoc.duplicates).toHaveLength(1);
    expect(dupDoc.standings).toHaveLength(3);
    const twin = dupDoc.duplicates[0]!.id;
    expect(dup!.games.some((g) => g.aId === twin || g.bId === twin)).toBe(false);

    const emptiesDoc = readResultDoc(empties!.standings)!;
    expect(emptiesDoc.excluded.map((e) => e.reason)).toEqual(["empty", "empty"]);
    expect(emptiesDoc.standings).toHaveLength(2);
    const emptyIds = new Set(emptiesDoc.excluded.map((e) => e.id));
    expect(empties!.games.every((g) => !emptyIds.has(g.aId) && !emptyIds.has(g.bId))).toBe(true);
    expect(emptyIds.has(empties!.winnerResponseId!)).toBe(false);

    expect(allEmpty!.winnerResponseId).toBeNull();
    expect(readResultDoc(allEmpty!.standings)).toMatchObject({ outcome: "no-answers", note: "Every answer is empty: no reference." });
    expect(refs.has(allEmpty!.promptId)).toBe(false);
    expect(allDup!.games).toHaveLength(0);
    expect(readResultDoc(allDup!.standings)?.note).toMatch(/same text/);
    expect(readResultDoc(none!.standings)).toMatchObject({ outcome: "no-answers", note: "This prompt has no answers: no reference." });
    const listed = new Map((await getTournamentRun(researcher, run.id)).prompts.map((p) => [p.promptId, p]));
    expect(listed.get(allEmpty!.promptId)).toMatchObject({ note: "Every answer is empty: no reference.", reference: null, winnerModel: null });
    expect(listed.get(one!.promptId)).toMatchObject({ winnerModel: "m1", reference: { model: "m1", source: "tournament" } });
    // No item ever compared an answer with itself or with empty text.
    for (const key of backend.seen.keys()) {
      const [, reference, candidate] = JSON.parse(key) as string[];
      expect(reference!.trim()).not.toBe(candidate!.trim());
      expect(reference!.trim().length * candidate!.trim().length).toBeGreaterThan(0);
    }
    expect(backend.repeated).toBe(0);
  });

  it("refuses bad start requests with a clear error and writes nothing", async () => {
    const before = await db().tournamentRun.count();
    const { datasetId } = await createDataset(researcher.userId, "validation", makePrompts(1, 3, "v"));
    const { datasetId: other, promptIds: otherPrompts } = await createDataset(researcher.userId, "other", makePrompts(1, 2, "o"));
    const big = await createDataset(researcher.userId, "big", [{ text: "many", answers: Array.from({ length: 65 }, (_, i) => ({ model: `m${i}`, text: `answer ${i}` })) }]);
    const empty = await db().dataset.create({ data: { name: "empty", createdById: researcher.userId } });
    const training = await db().genrmModel.create({ data: { version: 900_001, name: "t", backend: "deterministic", kind: "external", templateVersion: "v1", status: "training" } });

    await expect(startTournamentRun(annotator, { datasetId })).rejects.toMatchObject({ code: "Forbidden" });
    await expect(createTournamentRun(researcher.userId, { datasetId: "nope" })).rejects.toMatchObject({ code: "NotFound" });
    await expect(createTournamentRun(researcher.userId, { datasetId, modelId: "nope" })).rejects.toMatchObject({ code: "NotFound" });
    await expect(createTournamentRun(researcher.userId, { datasetId, modelId: training.id })).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/training/) });
    await expect(createTournamentRun(researcher.userId, { datasetId })).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/No active GenRM/) });
    const m = await createFakeModel();
    await expect(createTournamentRun(researcher.userId, { datasetId: empty.id, modelId: m.id })).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/no prompts/) });
    await expect(createTournamentRun(researcher.userId, { datasetId: big.datasetId, modelId: m.id })).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/at most 64/) });
    await expect(createTournamentRun(researcher.userId, { datasetId, modelId: m.id, promptIds: otherPrompts })).rejects.toMatchObject({ code: "Invalid", details: { field: "promptIds" } });
    await expect(createTournamentRun(researcher.userId, { datasetId, modelId: m.id, config: { contender: { kind: "playoff", top: 4, bestOf: 2 } } })).rejects.toThrow(/bestOf must be odd/);
    await expect(createTournamentRun(researcher.userId, { datasetId, modelId: m.id, config: { rounds: -1 } })).rejects.toThrow(/rounds must be >= 0/);
    await expect(createTournamentRun(researcher.userId, { datasetId, modelId: m.id, extra: 1 } as never)).rejects.toThrow(/extra/);
    expect(await db().tournamentRun.count()).toBe(before);
    expect(other).toBeTruthy();

    // Mixed: the prompt with too many answers is in the run, not played, and says why.
    const mixed = await createDataset(researcher.userId, "mixed", [
      ...makePrompts(1, 3, "mx"),
      { text: "too many", answers: Array.from({ length: 70 }, (_, i) => ({ model: `m${i}`, text: `answer ${i}` })) },
    ]);
    const run = await createTournamentRun(researcher.userId, { datasetId: mixed.datasetId, modelId: m.id });
    const big2 = await db().tournament.findFirstOrThrow({ where: { runId: run.id, promptId: mixed.promptIds[1] } });
    expect(big2.status).toBe("failed");
    expect(readResultDoc(big2.standings)?.note).toBe("This prompt has 70 answers; a tournament takes at most 64: not played.");
    const backend = new CountingBackend(fake());
    expect(await executeTournamentRun(run.id, { backend })).toMatchObject({ total: 2, done: 2, failedPrompts: 1 });
  });

  it("a human override is recorded with who and why, becomes current, and a later run keeps it unless told otherwise", async () => {
    const model = await createFakeModel();
    const { datasetId, promptIds } = await createDataset(researcher.userId, "override", makePrompts(1, 4, "ov"));
    const run = await createTournamentRun(researcher.userId, { datasetId, modelId: model.id });
    await executeTournamentRun(run.id, { backend: fake() });
    const promptId = promptIds[0]!;
    const page = await getPromptTournament(researcher, { runId: run.id, promptId });
    const loser = page.answers.find((a) => a.id !== page.tournament.winnerResponseId)!;

    await expect(overrideReference(annotator, { runId: run.id, promptId }, { responseId: loser.id, reason: "because" })).rejects.toMatchObject({ code: "Forbidden" });
    await expect(overrideReference(researcher, { runId: run.id, promptId }, { responseId: loser.id, reason: " " })).rejects.toThrow(/say why/);
    await expect(overrideReference(researcher, { runId: run.id, promptId }, { responseId: page.tournament.winnerResponseId!, reason: "same" })).rejects.toMatchObject({ code: "Conflict" });
    const foreign = await db().response.findFirstOrThrow({ where: { promptId: { not: promptId } } });
    await expect(overrideReference(researcher, { runId: run.id, promptId }, { responseId: foreign.id, reason: "wrong prompt" })).rejects.toMatchObject({ code: "Invalid" });

    const o = await overrideReference(researcher, { runId: run.id, promptId }, { responseId: loser.id, reason: "The winner cites a wrong date." });
    expect(o).toMatchObject({ source: "override", setById: researcher.userId, reason: "The winner cites a wrong date." });
    const cur = (await getCurrentReferences([promptId])).get(promptId)!;
    expect(cur).toMatchObject({ responseId: loser.id, source: "override", setBy: { id: researcher.userId } });

    // A new run does not silently undo the human decision…
    const rerun = await createTournamentRun(researcher.userId, { datasetId, modelId: model.id });
    await executeTournamentRun(rerun.id, { backend: fake() });
    expect((await getCurrentReferences([promptId])).get(promptId)?.responseId).toBe(loser.id);
    const kept = await db().tournament.findFirstOrThrow({ where: { runId: rerun.id } });
    expect(readResultDoc(kept.standings)?.keptOverride?.referenceResponseId).toBe(loser.id);
    // …unless the researcher asks for it.
    const replace = await createTournamentRun(researcher.userId, { datasetId, modelId: model.id, config: { replaceOverrides: true } });
    await executeTournamentRun(replace.id, { backend: fake() });
    expect((await getCurrentReferences([promptId])).get(promptId)).toMatchObject({ responseId: page.tournament.winnerResponseId, source: "tournament" });
  });
});
