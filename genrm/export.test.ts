import { describe, expect, it } from "vitest";
import {
  exportTrainingRows,
  exportTrainingRowsAsync,
  isHeldout,
  labelToRows,
  splitByPrompt,
  toJsonlLine,
  type LabelRecord,
  type PairwiseLabel,
  type TrainingRow,
  type VsReferenceLabel,
} from "./export";
import { renderJudgePrompt, VERDICT_COMPLETION } from "./template";

const pair = (over: Partial<PairwiseLabel> = {}): PairwiseLabel => ({
  promptId: "p1",
  prompt: "What is 2+2?",
  a: "4",
  b: "five",
  winner: "a",
  ...over,
});

describe("labelToRows", () => {
  it("turns a vs-reference label into one row rendered by the serving template", () => {
    const label: VsReferenceLabel = { promptId: "p9", prompt: "Q", reference: "R", candidate: "C", verdict: "worse", weight: 0.5 };
    expect(labelToRows(label)).toEqual([
      { prompt: renderJudgePrompt({ prompt: "Q", reference: "R", candidate: "C" }), completion: VERDICT_COMPLETION.worse, weight: 0.5, group: "p9" },
    ]);
  });

  it("turns a pairwise label into two rows, one per order, with mirrored verdicts", () => {
    const [ab, ba] = labelToRows(pair({ weight: 2 }));
    expect(ab).toEqual({
      prompt: renderJudgePrompt({ prompt: "What is 2+2?", reference: "five", candidate: "4" }),
      completion: " better",
      weight: 2,
      group: "p1",
    });
    expect(ba).toEqual({
      prompt: renderJudgePrompt({ prompt: "What is 2+2?", reference: "4", candidate: "five" }),
      completion: " worse",
      weight: 2,
      group: "p1",
    });
    const [ab2, ba2] = labelToRows(pair({ winner: "b" }));
    expect([ab2!.completion, ba2!.completion]).toEqual([" worse", " better"]);
  });

  it("maps ties to same in both orders", () => {
    expect(labelToRows(pair({ winner: "tie" })).map((r) => r.completion)).toEqual([" same", " same"]);
  });

  it("defaults the weight to 1 and refuses negative or non-finite weights", () => {
    expect(labelToRows(pair())[0]!.weight).toBe(1);
    expect(() => labelToRows(pair({ weight: -1 }))).toThrow(/weight/);
    expect(() => labelToRows(pair({ weight: NaN }))).toThrow(/weight/);
  });

  it("applies sameBelowStrength to weak preferences", () => {
    const rows = labelToRows(pair({ strength: 0.2 }), { sameBelowStrength: 0.5 });
    expect(rows.map((r) => r.completion)).toEqual([" same", " same"]);
  });

  it("truncates to maxBytes", () => {
    const rows = labelToRows(pair({ a: "x".repeat(10_000), b: "y".repeat(10_000) }), { maxBytes: 1000 });
    for (const r of rows) expect(Buffer.byteLength(r.prompt)).toBeLessThanOrEqual(1000);
  });
});

describe("exportTrainingRows", () => {
  const labels: LabelRecord[] = [
    pair(),
    { promptId: "p2", prompt: "Q2", reference: "R", candidate: "C", verdict: "same" },
    pair({ promptId: "p3", winner: "tie", weight: 0.3 }),
  ];

  it("streams rows lazily: a generator, label after label", () => {
    const gen = exportTrainingRows(labels);
    expect(gen.next().value).toMatchObject({ group: "p1", completion: " better" });
    expect([...gen].map((r) => r.group)).toEqual(["p1", "p2", "p3", "p3"]);
  });

  it("accepts async sources", async () => {
    async function* source() {
      yield* labels;
    }
    const rows: TrainingRow[] = [];
    for await (const r of exportTrainingRowsAsync(source())) rows.push(r);
    expect(rows).toEqual([...exportTrainingRows(labels)]);
  });

  it("writes JSONL lines in TRL's prompt/completion format", () => {
    const line = toJsonlLine([...exportTrainingRows(labels)][0]!);
    expect(line.endsWith("\n")).toBe(true);
    expect(Object.keys(JSON.parse(line))).toEqual(["prompt", "completion", "weight", "group"]);
  });
});

describe("splitByPrompt", () => {
  const rows = Array.from({ length: 2000 }, (_, i) => ({ group: `prompt-${i % 400}`, i }));

  it("never splits a prompt's rows across train and held-out", () => {
    const { train, heldout } = splitByPrompt(rows, 0.2, 7);
    const trainGroups = new Set(train.map((r) => r.group));
    for (const r of heldout) expect(trainGroups.has(r.group)).toBe(false);
    expect(train.length + heldout.length).toBe(rows.length);
  });

  it("is deterministic for a seed, changes with the seed, and holds out about the asked fraction of prompts", () => {
    const a = splitByPrompt(rows, 0.2, 7);
    const b = splitByPrompt([...rows].reverse(), 0.2, 7);
    expect(new Set(a.heldout.map((r) => r.group))).toEqual(new Set(b.heldout.map((r) => r.group)));
    const c = splitByPrompt(rows, 0.2, 8);
    expect(new Set(c.heldout.map((r) => r.group))).not.toEqual(new Set(a.heldout.map((r) => r.group)));
    const share = new Set(a.heldout.map((r) => r.group)).size / 400;
    expect(share).toBeGreaterThan(0.13);
    expect(share).toBeLessThan(0.27);
  });

  it("keeps a prompt's assignment when more labels arrive", () => {
    const before = isHeldout("prompt-17", 0.3, "s");
    const { heldout } = splitByPrompt([...rows, { group: "prompt-17", i: -1 }], 0.3, "s");
    expect(heldout.some((r) => r.group === "prompt-17")).toBe(before);
  });

  it("handles the 0 and 1 fractions and refuses others outside [0, 1]", () => {
    expect(splitByPrompt(rows, 0, 1).heldout).toHaveLength(0);
    expect(splitByPrompt(rows, 1, 1).train).toHaveLength(0);
    expect(() => splitByPrompt(rows, 1.5, 1)).toThrow(RangeError);
  });
});
