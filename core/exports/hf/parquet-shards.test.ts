/** Shards split at the row budget and read back, with their column types, through DuckDB (not the writer's own reader). */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { ShardWriter, type Shard } from "./parquet-shards";
import type { LabelRecord } from "./tables";

const dir = mkdtempSync(path.join(os.tmpdir(), "shards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (i: number): LabelRecord => ({
  label_id: `l${i}`, comparison_id: `c${i}`, mode: "pairwise", prompt: `Prompt ${i} — ünïcode`, response_a: "A", response_b: "B".repeat(i), model_a: "m1", model_b: "m2",
  verdict: i % 3 === 0 ? "tie" : "a", strength: i % 3, annotator: "p0", source: "human", is_gold: i === 2, created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
});

describe("Parquet shards", () => {
  it("closes a shard at the row budget; DuckDB reads every row back with its types", async () => {
    const w = new ShardWriter({ rows: 3, bytes: 1e9 });
    const shards: Shard[] = [];
    for (let i = 0; i < 7; i++) {
      const s = w.add("labels", "train", row(i));
      if (s) shards.push(s);
    }
    shards.push(...w.finish());
    expect(shards.map((s) => [s.path, s.rows])).toEqual([["data/labels/train-00000.parquet", 3], ["data/labels/train-00001.parquet", 3], ["data/labels/train-00002.parquet", 1]]);
    expect(w.rowsWritten("labels", "train")).toBe(7);
    for (const s of shards) {
      mkdirSync(path.dirname(path.join(dir, s.path)), { recursive: true });
      writeFileSync(path.join(dir, s.path), s.content);
    }
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${dir}/data/labels/*.parquet')`)).getRowObjectsJson();
      expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({ label_id: "VARCHAR", strength: "INTEGER", is_gold: "BOOLEAN", created_at: "TIMESTAMP" });
      const rows = (await conn.runAndReadAll(`SELECT label_id, prompt, response_b, verdict, strength, is_gold, epoch_ms(created_at)::DOUBLE AS ms FROM read_parquet('${dir}/data/labels/*.parquet') ORDER BY label_id`)).getRowObjectsJson();
      expect(rows).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => ({ label_id: `l${i}`, prompt: row(i).prompt, response_b: row(i).response_b, verdict: row(i).verdict, strength: row(i).strength, is_gold: i === 2, ms: row(i).created_at.getTime() })));
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
