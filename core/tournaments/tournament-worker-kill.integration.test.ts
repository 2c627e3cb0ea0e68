/**
 * A killed tournament worker, with real processes: a tournament job whose worker process is SIGKILLed mid-run is picked
 * up by a second worker process, continues from the last finished round of each prompt, and ends with
 * exactly the result of an uninterrupted run with the same seed — and no judgement is made twice
 * (every judgement the test-double backend makes, in either process, is appended to a log file).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@core/db/client";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { createDataset, createFakeModel, createResearcher, makePrompts } from "../../tests/helpers/tournament-fixtures";
import { startWorkers, type Spawned } from "../../scripts/lib/platform";
import { createTournamentRun, startTournamentRun } from "./start-tournament-run";
import { executeTournamentRun } from "./execute-tournament-run";
import { readResultDoc } from "./tournament-result-doc";

let env: TestEnv;
const procs: Spawned[] = [];
const logFile = path.join(mkdtempSync(path.join(tmpdir(), "tournament-kill-")), "judgements.log");

beforeAll(async () => {
  env = await createTestEnv("tourkill");
  process.env.GENRM_ALLOW_TEST_BACKENDS = "1";
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop("SIGKILL")));
  await env?.cleanup();
});

function spawnWorker(lines: string[]) {
  const p = startWorkers(
    {
      DATABASE_URL: env.databaseUrl,
      QUEUE_PREFIX: env.queuePrefix,
      WORKER_LOCK_MS: "2000",
      GENRM_ALLOW_TEST_BACKENDS: "1",
      GENRM_TEST_BACKEND_LOG: logFile,
      // One prompt at a time, so "right after a round was saved" is a moment when nothing else is in flight.
      TOURNAMENT_CONCURRENCY: "1",
    },
    (l) => lines.push(l),
  );
  procs.push(p);
  return p;
}

async function until<T>(cond: () => Promise<T | false> | T | false, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await cond();
    if (v !== false) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function outcome(runId: string) {
  const ts = await db().tournament.findMany({ where: { runId }, orderBy: { promptId: "asc" }, include: { games: { orderBy: [{ round: "asc" }, { aId: "asc" }, { bId: "asc" }] } } });
  return ts.map((t) => ({
    status: t.status,
    winner: t.winnerResponseId,
    roundsDone: t.roundsDone,
    standings: readResultDoc(t.standings)?.standings,
    ranking: readResultDoc(t.standings)?.ranking,
    games: t.games.map((g) => ({ round: g.round, stage: g.stage, a: g.aId, b: g.bId, ab: g.verdictAb, ba: g.verdictBa, s: g.scoreA })),
  }));
}

describe("tournament job in a real worker process", () => {
  it("killed mid-run (SIGKILL), resumes in another worker with the uninterrupted result and no judgement made twice", async () => {
    const u = await createResearcher("kill");
    const researcher = { kind: "user" as const, userId: u.id, role: "researcher" as const, email: u.email, name: u.name };
    const { datasetId } = await createDataset(u.id, "kill", makePrompts(4, 8, "kill"));
    const slow = await createFakeModel({ salt: "kill", latencyMs: 250 });
    const twin = await createFakeModel({ salt: "kill" });

    const lines: string[] = [];
    const first = spawnWorker(lines);
    await until(() => lines.some((l) => l.includes("workers ready")), 60_000, "first worker");
    const run = await startTournamentRun(researcher, { datasetId, modelId: slow.id, seed: 5 });

    // Kill right after a round was saved, once the run is well under way but not finished.
    const roundsAtKill = await until(
      async () => {
        const ts = await db().tournament.findMany({ where: { runId: run.id }, select: { roundsDone: true, status: true } });
        const rounds = ts.reduce((s, t) => s + t.roundsDone, 0);
        return rounds >= 7 ? rounds : false;
      },
      60_000,
      "the run to get under way",
      15,
    );
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const mid = await db().tournamentRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(mid.status).toBe("running");
    expect(mid.done).toBeLessThan(mid.total);
    const judgedBeforeKill = existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").length : 0;
    expect(judgedBeforeKill).toBeGreaterThan(0);

    spawnWorker([]);
    const finished = await until(
      async () => {
        const r = await db().tournamentRun.findUniqueOrThrow({ where: { id: run.id } });
        return r.status === "succeeded" ? r : false;
      },
      90_000,
      "the resumed run to finish",
    );

    // The same run, uninterrupted, in this process, by a version that judges identically.
    const ref = await createTournamentRun(u.id, { datasetId, modelId: twin.id, seed: 5 });
    await executeTournamentRun(ref.id);
    const reference = await db().tournamentRun.findUniqueOrThrow({ where: { id: ref.id } });

    expect(await outcome(run.id)).toEqual(await outcome(ref.id));
    const judged = readFileSync(logFile, "utf8").trim().split("\n");
    expect(new Set(judged).size).toBe(judged.length); // no judgement made twice, across both processes
    expect(judged.length).toBe(reference.judgeCalls); // and nothing more than the uninterrupted run made
    expect(finished.judgeCalls).toBe(reference.judgeCalls);
    console.log(`killed after ${roundsAtKill} saved rounds, ${judgedBeforeKill} judgements; resumed run made ${judged.length - judgedBeforeKill} more; total ${judged.length} = uninterrupted ${reference.judgeCalls}`);
  }, 180_000);
});
