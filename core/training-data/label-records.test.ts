import { describe, expect, it } from "vitest";
import { labelToRows } from "../../genrm/export";
import { isUsableLabel, rowVerdicts, toJudgeCase, toLabelRecord, type DbLabel } from "./label-records";
import { annotatorWeights, labelWeight } from "./weights";

const base: DbLabel = {
  id: "l1", annotatorId: "u1", verdict: "a", strength: 2, comparisonId: "c1", mode: "pairwise", isGold: false, goldVerdict: null,
  promptId: "p1", promptKey: "k1", promptText: "What is 2+2?", aText: "4", bText: "5", aLen: 1, bLen: 1,
};

describe("database labels → training rows", () => {
  it("a pairwise 'A better' label gives two mirrored rows through the serving template", () => {
    const rows = labelToRows(toLabelRecord(base, 1.5));
    expect(rows.map((r) => r.completion)).toEqual([" better", " worse"]);
    expect(rows[0]!.prompt).toMatch(/### Reference\n5\n### Candidate\n4\n/);
    expect(rows[1]!.prompt).toMatch(/### Reference\n4\n### Candidate\n5\n/);
    expect(rows.every((r) => r.weight === 1.5 && r.group === "k1")).toBe(true);
    expect(rowVerdicts(base)).toEqual(["better", "worse"]);
  });

  it("ties become 'same' in both orders; vs-reference labels give one row with B as the reference", () => {
    expect(labelToRows(toLabelRecord({ ...base, verdict: "tie", strength: 0 }, 1)).map((r) => r.completion)).toEqual([" same", " same"]);
    const vs = { ...base, mode: "vs_reference" as const, verdict: "worse" };
    const rows = labelToRows(toLabelRecord(vs, 1));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.completion).toBe(" worse");
    expect(rows[0]!.prompt).toMatch(/### Reference\n5\n### Candidate\n4\n/);
    expect(toJudgeCase(vs)).toEqual({ item: { prompt: "What is 2+2?", reference: "5", candidate: "4" }, truth: "worse", group: "k1" });
    expect(toJudgeCase(base).truth).toBe("better");
  });

  it("refuses verdicts that do not fit their comparison mode", () => {
    expect(isUsableLabel({ ...base, verdict: "better" })).toBe(false);
    expect(isUsableLabel({ ...base, mode: "vs_reference", verdict: "a" })).toBe(false);
    expect(isUsableLabel(base)).toBe(true);
  });
});

describe("label weights", () => {
  const gold = (annotatorId: string, verdict: string) => ({ comparisonId: `g-${annotatorId}-${Math.random()}`, annotatorId, verdict: verdict as "a", isGold: true, goldVerdict: "a" as const });

  it("an annotator without gold weighs 1; a reliable one more, one at chance level 0", () => {
    const w = annotatorWeights([
      { comparisonId: "x", annotatorId: "new", verdict: "a" },
      ...Array.from({ length: 10 }, () => gold("good", "a")),
      ...Array.from({ length: 9 }, (_, i) => gold("bad", i < 2 ? "a" : "b")),
    ]);
    expect(w.get("new")).toBeCloseTo(1, 12);
    expect(w.get("good")!).toBeGreaterThan(2);
    expect(w.get("good")!).toBeLessThanOrEqual(3);
    expect(w.get("bad")).toBe(0);
  });

  it("on gold comparisons, agreeing counts double and contradicting counts zero; 'none' weighs all 1", () => {
    const annotators = new Map([["u1", 1.2]]);
    expect(labelWeight({ ...base, isGold: true, goldVerdict: "a" }, annotators, "trust")).toBeCloseTo(2.4, 12);
    expect(labelWeight({ ...base, isGold: true, goldVerdict: "b" }, annotators, "trust")).toBe(0);
    expect(labelWeight({ ...base, verdict: "better", isGold: true, goldVerdict: "better" } as typeof base, annotators, "trust")).toBeCloseTo(2.4, 12);
    expect(labelWeight(base, annotators, "trust")).toBe(1.2);
    expect(labelWeight({ ...base, isGold: true, goldVerdict: "b" }, annotators, "none")).toBe(1);
  });
});
