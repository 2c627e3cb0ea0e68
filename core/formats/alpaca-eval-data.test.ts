/** The real AlpacaEval outputs in ../shared/data (8 models × 805 instructions); skipped when absent. */
import { createReadStream, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeByPrompt, parseImport, type ImportRecord, type ParseError } from "./index";

const DIR = process.env.ALPACA_EVAL_DIR ?? join(import.meta.dirname, "../../../shared/data/alpaca_eval");
const present = existsSync(DIR) && readdirSync(DIR).some((f) => f.endsWith(".json"));

describe("AlpacaEval files (../shared/data/alpaca_eval)", () => {
  it("stream-parse and merge into 805 prompts × 8 answers, one per model", async (ctx) => {
    ctx.skip(!present, `${DIR} not found; set ALPACA_EVAL_DIR to run this test`);
    const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
    expect(files).toHaveLength(8);
    const records: ImportRecord[] = [];
    const errors: ParseError[] = [];
    for (const f of files) {
      for await (const ev of parseImport(createReadStream(join(DIR, f), { highWaterMark: 4096 }), { source: f })) {
        if (ev.ok) records.push(ev.record);
        else errors.push(ev.error);
      }
    }
    expect(errors).toEqual([]);
    expect(records).toHaveLength(8 * 805);
    expect(new Set(records.map((r) => r.format))).toEqual(new Set(["alpaca-eval"]));

    const merged = mergeByPrompt(records);
    expect(merged.prompts).toHaveLength(805);
    expect(merged.conflicts).toEqual([]);
    expect(merged.duplicatesDropped).toBe(0);
    const models = new Set(records.map((r) => r.responses[0]!.model));
    expect(models.size).toBe(8);
    for (const p of merged.prompts) {
      expect(p.responses).toHaveLength(8);
      expect(new Set(p.responses.map((r) => r.model))).toEqual(models);
      expect(p.sources).toHaveLength(8);
    }
    expect(merged.prompts[0]!.meta).toMatchObject({ dataset: expect.any(String) });

    // Idempotent re-import: the same data merged again gives the same keys, and nothing new.
    const again = mergeByPrompt([...records, ...records]);
    expect(again.prompts.map((p) => p.key)).toEqual(merged.prompts.map((p) => p.key));
    expect(again.duplicatesDropped).toBe(8 * 805);

    // AlpacaEval's baseline can become the reference instead of an answer.
    const withRef = mergeByPrompt(records, { referenceModel: "gpt4_1106_preview" });
    expect(withRef.prompts[0]!.responses).toHaveLength(7);
    expect(withRef.prompts[0]!.reference?.model).toBe("gpt4_1106_preview");
  });
});
