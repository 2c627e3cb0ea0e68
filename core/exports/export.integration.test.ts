/**
 * Exports from real labels: TRL JSONL round-trips (export → import into a new dataset → the same pairs,
 * and re-exporting gives the same rows), GenRM training rows come through genrm's template, raw labels
 * are pseudonymised.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { closeSqlPool } from "../db/sql-pool";
import { createAnnotators, importInline, type UserActor } from "../../tests/helpers/labelling-fixtures";
import { db } from "../db/client";
import { createDataset } from "../datasets/create-dataset";
import { generateComparisons } from "../datasets/generate-comparisons";
import { nextAssignment } from "../labelling/next-assignment";
import { submitLabel } from "../labelling/submit-label";
import { exportDataset } from "./export-dataset";
import { exportRunData } from "../training-data/export-run-data";

let t: TestEnv;
let researcher: UserActor;
let annotators: UserActor[];
const dataDir = mkdtempSync(path.join(os.tmpdir(), "genrm-export-"));

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  process.env.EXPORT_SALT = "export-salt-for-tests-0123456789";
  t = await createTestEnv("export");
  const [u] = await createAnnotators(1, "res");
  researcher = { ...u!, role: "researcher" };
  annotators = await createAnnotators(3, "exp");
});
afterAll(async () => {
  await closeSqlPool();
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

async function collect(lines: AsyncIterable<string | Uint8Array>) {
  const out: string[] = [];
  for await (const l of lines) out.push(typeof l === "string" ? l : Buffer.from(l).toString("utf8"));
  return out;
}

const SOURCE = [
  { prompt: "Name a colour.", responses: [{ model: "m1", text: "Blue." }, { model: "m2", text: "I don't know." }, { model: "m3", text: "**Green**, like grass." }] },
  { prompt: "2+2?", responses: [{ model: "m1", text: "4" }, { model: "m2", text: "5" }, { model: "m3", text: "Four." }] },
  {
    prompt: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi!" },
      { role: "assistant", content: "Hello." },
      { role: "user", content: "Say bye." },
    ],
    responses: [{ model: "m1", text: "Bye." }, { model: "m2", text: "Goodbye, friend!" }, { model: "m3", text: "No." }],
  },
];

/** Labels every comparison with k=3 so that per comparison the consensus is decisive: a, b or tie by text. */
async function labelAll(datasetId: string) {
  const want = (a: string, b: string): "a" | "b" | "tie" => (a.length === b.length ? "tie" : a.length > b.length ? "a" : "b");
  for (const actor of annotators) {
    for (;;) {
      const { task } = await nextAssignment(actor, { datasetId });
      if (!task) break;
      const asg = await db().assignment.findUniqueOrThrow({ where: { id: task.assignmentId }, include: { comparison: { include: { responseA: true, responseB: true } } } });
      const v = want(asg.comparison.responseA.text, asg.comparison.responseB.text);
      const choice = v === "tie" ? "same" : v === asg.shownLeft ? "left" : "right";
      await submitLabel(actor, task.assignmentId, { choice, strength: 2, rationale: "why not", msSpent: 1000 });
    }
  }
}

const norm = (line: string) => {
  const { id: _id, ...rest } = JSON.parse(line);
  return JSON.stringify(rest);
};

describe("exports", () => {
  let ds1: string;
  let trl: string[];

  beforeAll(async () => {
    ds1 = (await createDataset(researcher, { name: "export source" })).id;
    const imp = await importInline(researcher, ds1, SOURCE.map((r) => JSON.stringify(r)).join("\n"), "source.jsonl");
    expect(imp.status).toBe("succeeded");
    // The "2+2?" answers "4" and "5" have the same length → a decisive tie.
    const g = await generateComparisons(researcher, ds1, { mode: "pairwise", overlap: 3 });
    expect(g.created).toBe(9);
    await labelAll(ds1);
    trl = await collect((await exportDataset(researcher, ds1, { format: "trl", ties: "keep" })).chunks);
  });

  it("TRL export round-trips: re-imported, the rows give the same pairs, and re-exporting gives the same file", async () => {
    const rows = trl.map((l) => JSON.parse(l));
    expect(rows.length).toBe(8 + 2); // 8 decisive winners + one tie kept as two mirrored rows
    expect(rows.filter((r) => r.tie)).toHaveLength(2);
    expect(rows.some((r) => Array.isArray(r.prompt) && r.chosen[0].role === "assistant")).toBe(true); // conversational form

    const ds2 = (await createDataset(researcher, { name: "round trip" })).id;
    const imp = await importInline(researcher, ds2, trl.join(""), "export.trl.jsonl");
    expect([imp.status, imp.errors]).toEqual(["succeeded", []]);
    const pairs = await db().comparison.findMany({ where: { datasetId: ds2 }, include: { prompt: true, responseA: true, responseB: true } });
    expect(pairs).toHaveLength(9);
    const stored = new Set(pairs.filter((p) => p.importedVerdict === "a").map((p) => JSON.stringify([p.prompt.turns ?? p.prompt.text, p.responseA.text, p.responseB.text])));
    const exported = new Set(rows.filter((r) => !r.tie).map((r) => JSON.stringify([r.prompt, Array.isArray(r.chosen) ? r.chosen[0].content : r.chosen, Array.isArray(r.rejected) ? r.rejected[0].content : r.rejected])));
    expect(stored).toEqual(exported);
    expect(pairs.filter((p) => p.importedVerdict === "tie")).toHaveLength(1);

    const again = await collect((await exportDataset(researcher, ds2, { format: "trl", ties: "keep" })).chunks);
    expect(new Set(again.map(norm))).toEqual(new Set(trl.map(norm)));
    const noTies = await collect((await exportDataset(researcher, ds1, { format: "trl" })).chunks);
    expect(noTies).toHaveLength(8);
  });

  it("GenRM rows go through genrm's template: two rows per pairwise label, grouped by prompt", async () => {
    const lines = (await collect((await exportDataset(researcher, ds1, { format: "genrm", weighting: "trust" })).chunks)).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2 * 27);
    for (const r of lines) {
      expect(r.prompt).toMatch(/### Reference[\s\S]*### Candidate[\s\S]*### Verdict/);
      expect([" better", " same", " worse"]).toContain(r.completion);
      expect(r.weight).toBe(1); // no gold answered → the training rule's "no evidence" weight, 1
    }
    expect(new Set(lines.map((r) => r.group)).size).toBe(3);
  });

  it("the genrm export is exactly what a training run on the same labels trains on (one pipeline)", async () => {
    for (const weighting of ["trust", "none"] as const) {
      const exported = await collect((await exportDataset(researcher, ds1, { format: "genrm", weighting })).chunks);
      const run = await db().trainingRun.create({ data: { kind: "lora", datasetIds: [ds1] } });
      const file = path.join(dataDir, `pin-${weighting}.jsonl`);
      const summary = await exportRunData({ trainingRunId: run.id, datasetIds: [ds1], heldoutFraction: 0, splitSeed: 1, weighting, file });
      const trained = readFileSync(file, "utf8").split(/(?<=\n)/).filter(Boolean);
      expect(summary.trainRows).toBe(trained.length);
      // Same rows, same prompt text, same weights, same groups (the order may differ: the export walks comparisons).
      expect([...exported].sort()).toEqual([...trained].sort());
    }
  });

  it("raw labels are pseudonymised, stable per annotator, and leave rationales out unless asked", async () => {
    const rows = (await collect((await exportDataset(researcher, ds1, { format: "labels" })).chunks)).map((l) => JSON.parse(l));
    expect(rows).toHaveLength(27);
    const ids = new Set(annotators.map((a) => a.userId));
    expect(rows.some((r) => ids.has(r.annotator) || JSON.stringify(r).includes("@test.local"))).toBe(false);
    expect(new Set(rows.map((r) => r.annotator)).size).toBe(3);
    expect(rows.every((r) => r.rationale === undefined && r.ms_spent > 0 && ["a", "b"].includes(r.shown_left))).toBe(true);
    const withWhy = (await collect((await exportDataset(researcher, ds1, { format: "labels", rationale: "1" })).chunks)).map((l) => JSON.parse(l));
    expect(withWhy[0].rationale).toBe("why not");
  });

  it("refuses annotators and bad options before any line", async () => {
    await expect(exportDataset(annotators[0]!, ds1, { format: "trl" })).rejects.toMatchObject({ code: "Forbidden" });
    await expect(exportDataset(researcher, ds1, { format: "csv" as never })).rejects.toThrow(/format must be/);
    await expect(exportDataset(researcher, "missing", { format: "trl" })).rejects.toMatchObject({ code: "NotFound" });
  });
});
