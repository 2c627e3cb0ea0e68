/**
 * Snapshots and the Hugging Face export on real labels: a snapshot is content-addressed (same content →
 * same snapshot) and frozen (labels added later stay out of its exports and of the runs citing it); its
 * Parquet folder reads back with DuckDB (an independent reader, not the writer) and matches the
 * snapshot's labels in the database exactly; the HH-RLHF export gives the same preferences.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { createAnnotators, importInline, type UserActor } from "../../tests/helpers/labelling-fixtures";
import { isHeldout } from "../../genrm/export";
import { db } from "../db/client";
import { createDataset } from "../datasets/create-dataset";
import { generateComparisons } from "../datasets/generate-comparisons";
import { nextAssignment } from "../labelling/next-assignment";
import { submitLabel } from "../labelling/submit-label";
import { exportDataset } from "../exports/export-dataset";
import { parseHhRlhfRecord } from "../formats/parse-hh-rlhf";
import { pseudonymiseAnnotator } from "../formats";
import { checkTrainingInput, createTrainingRun } from "../models/start-training-run";
import { trainingParamsSchema } from "../models/training-params";
import { exportRunData } from "../training-data/export-run-data";
import { createSnapshot, listSnapshots } from "./snapshots";

let t: TestEnv;
let researcher: UserActor;
let annotators: UserActor[];
const tmp = mkdtempSync(path.join(os.tmpdir(), "genrm-snapshot-"));
const SALT = "export-salt-for-tests-0123456789";

beforeAll(async () => {
  process.env.DATA_DIR = tmp;
  process.env.EXPORT_SALT = SALT;
  t = await createTestEnv("snapshot");
  const [u] = await createAnnotators(1, "res");
  researcher = { ...u!, role: "researcher" };
  annotators = await createAnnotators(3, "snap");
});
afterAll(async () => {
  await t?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

async function bytes(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(typeof c === "string" ? Buffer.from(c, "utf8") : Buffer.from(c));
  return Buffer.concat(out);
}

const PROMPTS = Array.from({ length: 12 }, (_, i) => ({
  prompt: `Question ${i}: name a number above ${i}.`,
  responses: [{ model: "m1", text: String(i + 1) }, { model: "m2", text: `Maybe ${i + 2}, or more` }, { model: "m3", text: "no" }],
}));

/** `who` labels up to `max` comparisons: the longer answer wins, clearly. */
async function label(who: UserActor, datasetId: string, max = Infinity) {
  for (let n = 0; n < max; n++) {
    const { task } = await nextAssignment(who, { datasetId });
    if (!task) return;
    const asg = await db().assignment.findUniqueOrThrow({ where: { id: task.assignmentId }, include: { comparison: { include: { responseA: true, responseB: true } } } });
    const aWins = asg.comparison.responseA.text.length > asg.comparison.responseB.text.length;
    const choice = (aWins ? "a" : "b") === asg.shownLeft ? "left" : "right";
    await submitLabel(who, task.assignmentId, { choice, strength: n % 2 ? 1 : 2, msSpent: 500 + n });
  }
}

async function duck<T>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe("dataset snapshots and the Hugging Face export", () => {
  let datasetId: string;
  let first: { id: string; contentHash: string; labelCount: number };
  let folder: string;

  beforeAll(async () => {
    datasetId = (await createDataset(researcher, { name: "snapshot source with a long descriptive name", description: "Numbers, judged by length." })).id;
    expect((await importInline(researcher, datasetId, PROMPTS.map((r) => JSON.stringify(r)).join("\n"), "numbers.jsonl")).status).toBe("succeeded");
    expect((await generateComparisons(researcher, datasetId, { mode: "pairwise", overlap: 3 })).created).toBe(36);
    await label(annotators[0]!, datasetId);
    await label(annotators[1]!, datasetId, 20);
  });

  it("is content-addressed: the same content gives the same snapshot, a new label a new one", async () => {
    const a = await createSnapshot(researcher, datasetId);
    expect(a).toMatchObject({ created: true, comparisonCount: 36, labelCount: 56 });
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await createSnapshot(researcher, datasetId);
    expect(again).toEqual({ ...a, created: false });
    first = a;

    await label(annotators[2]!, datasetId, 1);
    const b = await createSnapshot(researcher, datasetId);
    expect(b.created).toBe(true);
    expect(b.id).not.toBe(a.id);
    expect(b.labelCount).toBe(57);
    expect((await listSnapshots(researcher, datasetId)).map((s) => s.id)).toEqual([b.id, a.id]);
    // Frozen: the first snapshot still holds exactly its 56 labels.
    expect(await db().datasetSnapshotLabel.count({ where: { snapshotId: a.id } })).toBe(56);
  });

  it("exports the snapshot as a Parquet folder that DuckDB reads back, row for row equal to the snapshot's labels", async () => {
    const out = await exportDataset(researcher, datasetId, { format: "hf", snapshot: first.id, test: "0.3" as never, seed: "7" as never, license: "cc-by-4.0" });
    expect(out.fileName).toBe(`snapshot_source_with_a_long_descriptive_name.${first.id}-hf.tar.gz`);
    expect(out.contentType).toBe("application/gzip");
    const archive = path.join(tmp, "export.tar.gz");
    writeFileSync(archive, await bytes(out.chunks));
    execFileSync("tar", ["-xzf", archive, "-C", tmp]);
    folder = path.join(tmp, `snapshot_source_with_a_long_descriptive_name.${first.id}-hf`);
    expect(readdirSync(path.join(folder, "data")).sort()).toEqual(["labels", "preferences"]);

    type Row = { label_id: string; comparison_id: string; verdict: string; strength: number; annotator: string; response_a: string; response_b: string; prompt: string; mode: string; is_gold: boolean; created_ms: number; file: string };
    const rows = await duck<Row>(
      `SELECT label_id, comparison_id, verdict, strength, annotator, response_a, response_b, prompt, mode, is_gold, epoch_ms(created_at)::DOUBLE AS created_ms, filename AS file
       FROM read_parquet('${folder}/data/labels/*.parquet', filename = true) ORDER BY label_id`,
    );
    const inDb = await db().label.findMany({
      where: { snapshots: { some: { snapshotId: first.id } } },
      orderBy: { id: "asc" },
      include: { comparison: { include: { prompt: true, responseA: true, responseB: true } } },
    });
    expect(inDb).toHaveLength(56);
    expect(rows.map((r) => r.label_id)).toEqual(inDb.map((l) => l.id).sort());
    const byId = new Map(inDb.map((l) => [l.id, l]));
    for (const r of rows) {
      const l = byId.get(r.label_id)!;
      const split = isHeldout(l.comparison.prompt.key, 0.3, 7) ? "test" : "train";
      expect(r).toEqual({
        label_id: l.id, comparison_id: l.comparisonId, verdict: l.verdict, strength: l.strength, annotator: pseudonymiseAnnotator(l.annotatorId, SALT),
        response_a: l.comparison.responseA.text, response_b: l.comparison.responseB.text, prompt: l.comparison.prompt.text, mode: "pairwise", is_gold: false,
        created_ms: l.createdAt.getTime(), file: expect.stringContaining(`/data/labels/${split}-00000.parquet`),
      });
    }
    expect(new Set(rows.map((r) => r.file.match(/(train|test)-/)![1])).size).toBe(2); // both splits hold rows

    // Preferences: one row per comparison with a decisive consensus, as the snapshot's TRL export has them.
    const prefs = await duck<{ comparison_id: string; chosen: string; rejected: string }>(`SELECT comparison_id, chosen, rejected FROM read_parquet('${folder}/data/preferences/*.parquet') ORDER BY comparison_id`);
    const trl = (await bytes((await exportDataset(researcher, datasetId, { format: "trl", snapshot: first.id })).chunks)).toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(prefs).toEqual(trl.map((r) => ({ comparison_id: r.id, chosen: r.chosen, rejected: r.rejected })).sort((a, b) => (a.comparison_id < b.comparison_id ? -1 : 1)));
    expect(prefs.length).toBeGreaterThan(20);

    // HH-RLHF from the same snapshot: the same preferences as whole dialogues, and our importer reads them.
    const hh = (await bytes((await exportDataset(researcher, datasetId, { format: "hh", snapshot: first.id })).chunks)).toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(hh).toHaveLength(prefs.length);
    expect(hh[0].chosen).toMatch(/^\n\nHuman: Question \d+[\s\S]*\n\nAssistant: /);
    expect(new Set(hh.map((r, i) => parseHhRlhfRecord(r, i + 1).responses[0]!.text))).toEqual(new Set(prefs.map((p) => p.chosen)));
  });

  it("writes a dataset card with configs per split, the licence and the label statistics", () => {
    const card = readFileSync(path.join(folder, "README.md"), "utf8");
    const front = card.split("---\n")[1]!;
    expect(front).toContain("license: cc-by-4.0");
    expect(front).toContain("task_categories:\n- text-classification");
    expect(front).toMatch(/- config_name: preferences\n {2}default: true\n {2}data_files:\n {2}- split: train\n {4}path: data\/preferences\/train-\*\.parquet\n {2}- split: test\n {4}path: data\/preferences\/test-\*\.parquet/);
    expect(front).toContain("- config_name: labels");
    expect(card).toContain(first.contentHash);
    expect(card).toMatch(/\| labels \| 56 \|/);
    expect(card).toMatch(/\| annotators \| 2 \|/);
    expect(card).toMatch(/\| pairwise \| (a|b) \| \d+ \| [\d.]+ % \|/);
    expect(card).toMatch(/Krippendorff's α \(nominal, verdicts\) = 1\.000 over 20 comparisons/);
  });

  it("a training run cites a snapshot (taken at creation when none is given) and trains on exactly its labels", async () => {
    const params = trainingParamsSchema.parse({ datasetIds: [datasetId], heldoutFraction: 0.2 });
    const run = await createTrainingRun(params, { createdById: researcher.userId });
    const latest = (await listSnapshots(researcher, datasetId))[0]!;
    expect(run.snapshotIds).toEqual([latest.id]); // the content has not changed since: the same snapshot
    const pinned = await createTrainingRun(trainingParamsSchema.parse({ datasetIds: [datasetId], snapshotIds: [first.id] }), { createdById: researcher.userId });
    expect(pinned.snapshotIds).toEqual([first.id]);
    const s = await exportRunData({ trainingRunId: pinned.id, datasetIds: [datasetId], snapshotIds: pinned.snapshotIds, heldoutFraction: 0.2, splitSeed: 1, weighting: "none", file: path.join(tmp, "train.jsonl") });
    expect(s.labels).toBe(56);
    expect(await db().trainingRunLabel.count({ where: { trainingRunId: pinned.id } })).toBe(56);
  });

  it("refuses bad requests before any work: another dataset's snapshot, unknown options, annotators", async () => {
    const other = (await createDataset(researcher, { name: "other" })).id;
    await expect(exportDataset(researcher, other, { format: "hf", snapshot: first.id })).rejects.toMatchObject({ code: "NotFound", message: expect.stringMatching(/Snapshot .* not found in this dataset/) });
    await expect(exportDataset(researcher, datasetId, { format: "hf", test: "0.9" as never })).rejects.toThrow(/test must be between 0 and 0.5/);
    await expect(exportDataset(researcher, datasetId, { format: "hf", license: "CC BY" })).rejects.toThrow(/license must be a licence id/);
    await expect(exportDataset(researcher, datasetId, { format: "parquet" as never })).rejects.toThrow(/format must be trl, genrm, labels, hh or hf/);
    await expect(createSnapshot(annotators[0]!, datasetId)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(createSnapshot(researcher, "missing")).rejects.toMatchObject({ code: "NotFound" });
    await expect(checkTrainingInput(trainingParamsSchema.parse({ datasetIds: [other], snapshotIds: [first.id] }))).rejects.toThrow(/is not of one of the selected datasets/);
    await expect(checkTrainingInput(trainingParamsSchema.parse({ datasetIds: [datasetId], snapshotIds: ["nope"] }))).rejects.toThrow(/Snapshot not found: nope/);
  });
});
