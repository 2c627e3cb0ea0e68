/**
 * Demo seed step "demo tournaments" (needs the demo GenRM): plays a small tournament run, in-process,
 * on a few prompts of the demo dataset so prompts have references on first start (the judge API then
 * works without `reference`, and the Tournaments pages have something to show).
 * The output says how often the pick is a correct answer (the demo task knows; demo-reference-quality.ts).
 * Idempotent: a dataset that already has a finished run is left alone; an interrupted seed run resumes.
 * Never fatal: without an active GenRM or a servable backend it prints why and skips.
 */
import type { Db } from "@core/db/client";
import { DEMO_MODELS } from "@genrm/demo-task/models";
import { createTournamentRun } from "@core/tournaments/start-tournament-run";
import { executeTournamentRun } from "@core/tournaments/execute-tournament-run";
import { describeReferenceQuality, measureDemoReferenceQuality } from "./demo-reference-quality";
import type { SeedStep } from "./seed-step";

/** Few enough to stay a couple of seconds on 2 cores with the embedded model. */
const DEMO_PROMPTS = 10;

/** The dataset answered by genrm/demo-task's simulated models (the task the demo GenRM learned), else
 * any dataset with several answers per prompt. */
async function pickDataset(db: Db): Promise<string | null> {
  const demo = await db.response.findFirst({
    where: { model: { in: DEMO_MODELS.map((m) => m.name) } },
    orderBy: { createdAt: "asc" },
    select: { prompt: { select: { datasetId: true } } },
  });
  if (demo) return demo.prompt.datasetId;
  const rows = await db.$queryRaw<{ datasetId: string }[]>`
    SELECT p."datasetId" FROM "Prompt" p JOIN "Response" r ON r."promptId" = p.id
    GROUP BY p.id, p."datasetId" HAVING COUNT(*) BETWEEN 3 AND 12 ORDER BY MIN(p."createdAt") LIMIT 1`;
  return rows[0]?.datasetId ?? null;
}

export const demoTournamentsStep: SeedStep = {
  name: "demo tournaments",
  needsModel: true,
  async run(db, log) {
    const active = await db.genrmModel.findFirst({ where: { status: "active" }, select: { version: true } });
    if (!active) return "skipped: no active GenRM version (was the demo GenRM step skipped?)";
    const datasetId = await pickDataset(db);
    if (!datasetId) return "skipped: no dataset with several answers per prompt";
    if (await db.tournamentRun.findFirst({ where: { datasetId, status: "succeeded" } })) return "references already chosen (a finished run exists)";

    let run = await db.tournamentRun.findFirst({ where: { datasetId, status: { in: ["queued", "running"] }, jobId: null }, orderBy: { createdAt: "desc" } });
    if (!run) {
      const prompts = await db.$queryRaw<{ id: string }[]>`
        SELECT p.id FROM "Prompt" p JOIN "Response" r ON r."promptId" = p.id
        WHERE p."datasetId" = ${datasetId} GROUP BY p.id HAVING COUNT(*) BETWEEN 3 AND 12 ORDER BY MIN(p."createdAt"), p.id LIMIT ${DEMO_PROMPTS}`;
      if (prompts.length === 0) return "skipped: the demo dataset has no prompt with 3–12 answers";
      const researcher = await db.user.findFirst({ where: { email: "researcher@demo.local" }, select: { id: true } });
      try {
        run = await createTournamentRun(researcher?.id ?? null, { datasetId, promptIds: prompts.map((p) => p.id), seed: 1 });
      } catch (error) {
        return `skipped: ${(error as Error).message}`;
      }
    }
    let logged = -1;
    try {
      const s = await executeTournamentRun(run.id, {
        onProgress: ({ done, total }) => {
          if ((done % 5 === 0 || done === total) && done !== logged) log(`  tournaments: ${(logged = done)}/${total} prompts`);
        },
      });
      const quality = await measureDemoReferenceQuality(db, run.id).catch(() => null);
      return `${s.done} prompts got a reference from GenRM v${active.version} (${s.judgeCalls} judgements)${quality ? `; ${describeReferenceQuality(quality)}` : ""}`;
    } catch (error) {
      // The seed must not die because the model cannot serve (e.g. no embedded runtime): say why, leave
      // nothing half-done behind, and try again on the next start.
      await db.tournamentRun.delete({ where: { id: run.id } }).catch(() => undefined);
      return `skipped: ${(error as Error).message}`;
    }
  },
};
