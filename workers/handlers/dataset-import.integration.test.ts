/**
 * Import through the real job path (upload → artifact store → `dataset.import` on a worker → rows): the eight
 * AlpacaEval files build 805 prompts × 8 answers and re-importing adds nothing; a malformed file gets
 * line-numbered errors while its good lines import; unusable uploads are refused with nothing written.
 */
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { closeSqlPool } from "@core/db/sql-pool";
import { createAnnotators, type UserActor } from "../../tests/helpers/labelling-fixtures";
import { db } from "@core/db/client";
import { createDataset } from "@core/datasets/create-dataset";
import { startImport } from "@core/datasets/start-import";
import { importsDir } from "@core/datasets/import-files";
import { startWorkers } from "../worker";

const ALPACA = process.env.ALPACA_EVAL_DIR ?? path.resolve(import.meta.dirname, "../../../shared/data/alpaca_eval");
const alpacaFiles = existsSync(ALPACA) ? readdirSync(ALPACA).filter((f) => f.endsWith(".json")).sort() : [];

let t: TestEnv;
let researcher: UserActor;
let workers: Awaited<ReturnType<typeof startWorkers>>;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "genrm-import-"));

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  t = await createTestEnv("import");
  const [u] = await createAnnotators(1, "res");
  researcher = { ...u!, role: "researcher" };
  workers = await startWorkers({ queues: ["default"] });
});
afterAll(async () => {
  await workers?.close();
  await closeSqlPool();
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitDone(ids: string[], timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db().datasetImport.findMany({ where: { id: { in: ids } } });
    if (rows.every((r) => r.status === "succeeded" || r.status === "failed")) return rows;
    if (Date.now() > deadline) throw new Error(`imports still running: ${JSON.stringify(rows.map((r) => [r.status, r.progress, r.message]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("AlpacaEval import (8 files)", () => {
  it("builds 805 prompts with 8 answers each; re-importing adds nothing", async (ctx) => {
    ctx.skip(alpacaFiles.length !== 8, `${ALPACA} not found; set ALPACA_EVAL_DIR`);
    const ds = await createDataset(researcher, { name: "AlpacaEval" });
    const upload = () => Promise.all(alpacaFiles.map((f) => startImport(researcher, ds.id, { fileName: f }, createReadStream(path.join(ALPACA, f)))));
    const first = await waitDone((await upload()).map((i) => i.id));
    expect(first.map((r) => [r.status, r.format, r.progress, r.added, r.skipped, r.errors])).toEqual(alpacaFiles.map(() => ["succeeded", "alpaca-eval", 1, 805, 0, []]));
    expect(await db().prompt.count({ where: { datasetId: ds.id } })).toBe(805);
    const perPrompt = await db().$queryRaw<Array<{ answers: bigint; models: bigint }>>`
      SELECT count(*) AS answers, count(DISTINCT r.model) AS models FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId"
      WHERE p."datasetId" = ${ds.id} GROUP BY p.id`;
    expect(perPrompt).toHaveLength(805);
    expect(perPrompt.every((p) => Number(p.answers) === 8 && Number(p.models) === 8)).toBe(true);

    const again = await waitDone((await upload()).map((i) => i.id));
    expect(again.map((r) => [r.status, r.added, r.skipped])).toEqual(alpacaFiles.map(() => ["succeeded", 0, 805]));
    expect(again[0]!.message).toMatch(/805 prompts \(0 new\)/);
    expect(await db().prompt.count({ where: { datasetId: ds.id } })).toBe(805);
    expect(await db().response.count({ where: { prompt: { datasetId: ds.id } } })).toBe(8 * 805);
  }, 300_000);
});

describe("bad input", () => {
  it("a malformed file reports each bad line with its number and reason; the good lines import", async () => {
    const ds = await createDataset(researcher, { name: "malformed" });
    const lines = [
      JSON.stringify({ prompt: "What is 2+2?", chosen: "4", rejected: "5" }),
      "{not json",
      JSON.stringify({ prompt: "Capital of France?", chosen: "Paris" }),
      "",
      JSON.stringify({ prompt: "Name a prime.", chosen: "7", rejected: "8" }),
      JSON.stringify([1, 2]),
      JSON.stringify({ prompt: "", chosen: "a", rejected: "b" }),
    ];
    const imp = await startImport(researcher, ds.id, { fileName: "prefs.jsonl" }, [Buffer.from(lines.join("\n"))]);
    const [row] = await waitDone([imp.id]);
    expect(row!.status).toBe("succeeded");
    const errors = row!.errors as Array<{ line: number; reason: string }>;
    expect(errors.map((e) => e.line)).toEqual([2, 3, 6, 7]);
    expect(errors[0]!.reason).toMatch(/^invalid JSON/);
    expect(errors[1]!.reason).toBe("missing field 'rejected'");
    expect(row!.message).toMatch(/2 prompts \(2 new\).*4 bad lines/);
    expect(await db().prompt.count({ where: { datasetId: ds.id } })).toBe(2);
    // The recorded preferences became comparisons that want no labels yet (overlap 0).
    const cs = await db().comparison.findMany({ where: { datasetId: ds.id } });
    expect(cs.map((c) => [c.importedVerdict, c.overlap])).toEqual([["a", 0], ["a", 0]]);
  });

  it("refuses empty, non-JSON, oversized uploads and unknown datasets, writing nothing", async () => {
    const ds = await createDataset(researcher, { name: "refusals" });
    const before = (await readdir(importsDir()).catch(() => [])).length;
    await expect(startImport(researcher, ds.id, { fileName: "e.jsonl" }, [Buffer.from("  \n ")])).rejects.toMatchObject({ code: "Invalid" });
    await expect(startImport(researcher, ds.id, { fileName: "a.csv" }, [Buffer.from("prompt,chosen\nx,y\n")])).rejects.toMatchObject({ code: "Unprocessable", message: expect.stringMatching(/not JSONL or JSON/) });
    await expect(startImport(researcher, ds.id, { fileName: "big.jsonl" }, [Buffer.from("{}\n".repeat(100))], { maxBytes: 50 })).rejects.toMatchObject({ code: "TooLarge" });
    await expect(startImport(researcher, ds.id, { fileName: "x.jsonl", format: "csv" }, [Buffer.from("{}")])).rejects.toThrow(/format must be/);
    await expect(startImport(researcher, "nope", { fileName: "x.jsonl" }, [Buffer.from("{}")])).rejects.toMatchObject({ code: "NotFound" });
    const annotator: UserActor = { ...researcher, role: "annotator" };
    await expect(startImport(annotator, ds.id, { fileName: "x.jsonl" }, [Buffer.from("{}")])).rejects.toMatchObject({ code: "Forbidden" });
    expect(await db().datasetImport.count({ where: { datasetId: ds.id } })).toBe(0);
    expect((await readdir(importsDir())).length).toBe(before);
  });
});
